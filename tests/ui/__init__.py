"""GUI tests with pytest-qt on the offscreen platform, driven like a user."""
