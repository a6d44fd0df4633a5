"""Step 5 of the cycle: the Ruimtelijk Arrangement (seed 002 §3.4 and Bijlage 3; seed 003 §4.1)."""
