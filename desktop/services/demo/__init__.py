"""Synthetic demo records (consents, releases, disclosures, incidents), all through the services."""
