"""Ingest: department files → canonical rows (tables, layouts, inspect; see docs/ARCHITECTURE.md)."""
