"""The vankien HTTP API (FastAPI)."""
