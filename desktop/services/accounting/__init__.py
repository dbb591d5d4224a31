"""The accounting of disclosures: requests, suspensions, the log, and recording disclosures."""
