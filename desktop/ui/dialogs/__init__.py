"""Dialogs opened from the pages (non-modal, so a lock can hide them and bring them back)."""
