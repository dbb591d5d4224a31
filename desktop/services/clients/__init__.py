"""Clients, their notes and their chart."""
