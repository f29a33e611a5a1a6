"""Benchmarks: the pipeline against the bare decode floor and a naive pandas/openpyxl script.

``make bench`` runs :mod:`benchmarks.run`, which writes ``benchmarks/RESULTS.md``. The inputs
come from :mod:`benchmarks.scale` (cached under ``benchmarks/data/``, git-ignored).
"""
