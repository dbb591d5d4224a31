"""Practice mode: one PostgreSQL database shared by the clinicians of a group practice."""
