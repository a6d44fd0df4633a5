"""Analysis of a ruimtelijk voorstel: overlaps, the stack map, land budget, goals."""
