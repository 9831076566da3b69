"""Shipped presets: one TOML file per real law, each citing statute, article and date."""
