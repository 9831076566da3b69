"""Input and output: reading tables with errors that name file, row and column; DuckDB storage."""

from hemicycle.io.tables import UnitCounts, read_csv_rows, read_unit_counts

__all__ = ["UnitCounts", "read_csv_rows", "read_unit_counts"]
