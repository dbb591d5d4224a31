"""Storage: the vault folder, its header, its files and its lock."""
