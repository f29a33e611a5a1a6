"""The leadership dashboard: one self-contained Chinese HTML page (``page``)."""
