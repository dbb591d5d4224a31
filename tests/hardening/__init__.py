"""Fault injection, damaged files, bad input and leak checks (issue 8); see HARDENING.md."""
