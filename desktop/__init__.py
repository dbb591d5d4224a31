"""Confide: encrypted offline records and a guided break-confidentiality workflow."""

__version__ = "0.1.0"
