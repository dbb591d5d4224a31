"""The practice itself: the practitioner profile, the audit log, the vault's own facts."""
