"""Ruimtelijk voorstel: a province's claims (ruimteclaims) on the map, grouped in voorstellen."""
