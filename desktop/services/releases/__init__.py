"""Releases of information (45 CFR 164.508) and disclosures made under them."""
