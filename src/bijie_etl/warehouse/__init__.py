"""The DuckDB warehouse: the writer (``store.Warehouse``: migrations, loads, history, publish),
the one-writer lock (``locking``) and the analysts' read-only side (``analytics``)."""
