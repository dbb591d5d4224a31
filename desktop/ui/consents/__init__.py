"""The client record's Consents, Releases and Disclosures tabs, and their dialogs."""
