"""Drawn and typed signatures, the vault's signing identity and its certificates."""
