"""A table as CSV or XLSX: kept in `novex.geo.tables_out` so that every context can write tables."""

from novex.geo.tables_out import FORMULA_START, MEDIA, as_text, to_csv, to_xlsx

__all__ = ["FORMULA_START", "MEDIA", "as_text", "to_csv", "to_xlsx"]
