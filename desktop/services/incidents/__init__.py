"""Break-confidentiality incidents: start, edit, list, and the demo cases."""
