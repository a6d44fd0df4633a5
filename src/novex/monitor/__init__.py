"""Step 6 of the cycle: the uniform monitor of the agreements of the Ruimtelijk Arrangement."""
