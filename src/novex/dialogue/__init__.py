"""Step 4 of the cycle: the vraagstukken dialogue (seed 002)."""
