"""A client's record: Profile, Consents, Releases, Incidents, Disclosures and Notes tabs."""
