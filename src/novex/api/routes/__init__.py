"""API routes per context of the cycle."""
