"""Pure geometry helpers (Shapely 2, pyproj): no database, no web, no domain."""
