"""The REST API (FastAPI) under /api/v1, following the Dutch API Design Rules."""
