"""Table models: rows come from services in batches on the worker; sorting happens in SQL."""
