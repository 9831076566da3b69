"""Configuration of the web app, from arguments or ``HEMICYCLE_*`` environment variables."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Settings; each may be given as an environment variable ``HEMICYCLE_<NAME>``.

    >>> Settings(db=Path("x.duckdb")).max_upload_bytes
    20971520
    """

    model_config = SettingsConfigDict(env_prefix="HEMICYCLE_", frozen=True)

    db: Path = Field(default=Path("hemicycle.duckdb"), description="The DuckDB database file.")
    max_upload_bytes: int = Field(
        default=20 * 1024 * 1024, ge=1024, description="Largest request body accepted."
    )
    session_hours: float = Field(default=12, gt=0, description="Lifetime of a login session.")
    login_attempts: int = Field(
        default=5, ge=1, description="Failed logins allowed per name and per address in a window."
    )
    login_window_seconds: float = Field(default=300, gt=0, description="The rate-limit window.")
    cookie_secure: bool | None = Field(
        default=None,
        description="Mark cookies Secure; by default, when the request came over TLS "
        "(directly or through a proxy trusted by uvicorn's --forwarded-allow-ips).",
    )
    chromium: str | None = Field(default=None, description="Chromium to print PDF reports.")
    cache_size: int = Field(
        default=256, ge=1, description="Rendered outcomes and runs kept in memory."
    )


__all__ = ["Settings"]
