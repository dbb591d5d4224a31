"""Consent templates, signed consents, and who needs one."""
