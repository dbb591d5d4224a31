"""Use cases over the vault. Plain Python, no Qt; they return frozen dataclasses, never ORM rows."""
