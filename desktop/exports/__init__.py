"""Whole-vault export and import, client-list import and FHIR: records in and out."""
