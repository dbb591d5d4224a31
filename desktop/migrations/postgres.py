"""The PostgreSQL versions of the SQLite-only pieces: immutability triggers, search, audit.

Migration 0002 makes these for SQLite (RAISE(ABORT) triggers, FTS5 tables); migration 0009
makes them here for PostgreSQL. A refused change raises SQLSTATE 23000 with a message that
starts with "confide:", so both engines surface as the same ImmutableRecordError.
"""

from __future__ import annotations

from collections.abc import Iterator

# The same lists as migration 0002's (a migration script is not importable as a module);
# tests/practice/test_pg_guards.py checks that they agree and that every guarded table has one.
INCIDENT_CHILD_TABLES = (
    "incident_steps",
    "consultations",
    "evidence_items",
    "notifications",
    "incident_options",
    "disclosures",
)
ALWAYS_IMMUTABLE = {
    "consents": "a signed consent cannot be changed",
    "consent_revocations": "a consent revocation cannot be changed",
    "consent_templates": "a consent template version cannot be changed",
    "addenda": "an addendum cannot be changed",
    "audit_events": "the audit log is append-only",
}
RELEASE_SIGNED_COLUMNS = (
    "client_id",
    "recipient_name",
    "recipient_role",
    "recipient_address",
    "information_description",
    "who_may_disclose",
    "purpose",
    "expires_on",
    "expiry_event",
    "includes_psychotherapy_notes",
    "rendered_text",
    "rendered_hash",
    "signer_name",
    "personal_representative_authority",
    "signature_png",
    "signed_at",
    "created_at",
)
SEARCH_CONFIG = "confide_search"
# A tsvector holds at most 1 MB: the index reads the first 200,000 characters of each text
# (~30,000 words), which keeps any note indexable. FTS5 on SQLite has no such limit.
SEARCH_CHARS = 200_000
CLIENT_SEARCH_TEXT = (
    "left(first_name || ' ' || last_name || ' ' || preferred_name || ' ' || contact_notes, "
    f"{SEARCH_CHARS})"
)
NOTE_SEARCH_TEXT = f"left(body, {SEARCH_CHARS})"
SEARCH_INDEXES = {
    "ix_clients_search": ("clients", CLIENT_SEARCH_TEXT),
    "ix_notes_search": ("notes", NOTE_SEARCH_TEXT),
}


_REFUSE = """
CREATE FUNCTION confide_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION USING ERRCODE = '23000', MESSAGE = 'confide: ' || TG_ARGV[0];
END $$"""
_REFUSE_IF_FINALIZED = """
CREATE FUNCTION confide_refuse_if_finalized() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    incident integer;
BEGIN
    IF TG_OP = 'INSERT' THEN incident := NEW.incident_id; ELSE incident := OLD.incident_id; END IF;
    IF incident IS NOT NULL AND EXISTS (
        SELECT 1 FROM incidents WHERE id = incident AND finalized_at IS NOT NULL
    ) THEN
        RAISE EXCEPTION USING ERRCODE = '23000',
            MESSAGE = 'confide: a finalized incident cannot be changed';
    END IF;
    IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
    RETURN NEW;
END $$"""
# The audit event names the role that wrote it; nobody can write one in another's name.
_AUDIT_WRITER = """
CREATE FUNCTION confide_audit_writer() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.db_user IS DISTINCT FROM current_user::text THEN
        RAISE EXCEPTION USING ERRCODE = '23000',
            MESSAGE = 'confide: an audit event must name the database user who wrote it';
    END IF;
    RETURN NEW;
END $$"""
# The head of the chain, whoever can see which events: each writer links to the newest one.
_AUDIT_HEAD = """
CREATE FUNCTION confide_audit_head(OUT seq integer, OUT hash varchar)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
    SELECT seq, hash FROM public.audit_events ORDER BY seq DESC LIMIT 1
$$"""


def _trigger(name: str, timing: str, table: str, when: str | None, call: str) -> str:
    condition = f" WHEN ({when})" if when else ""
    return (
        f"CREATE TRIGGER {name} {timing} ON {table} FOR EACH ROW{condition} EXECUTE FUNCTION {call}"
    )


def _refuse(message: str) -> str:
    return f"confide_refuse('{message}')"


def _immutability() -> Iterator[str]:
    yield _REFUSE
    yield _REFUSE_IF_FINALIZED
    for table, message in ALWAYS_IMMUTABLE.items():
        yield _trigger(f"{table}_no_update", "BEFORE UPDATE", table, None, _refuse(message))
        yield _trigger(f"{table}_no_delete", "BEFORE DELETE", table, None, _refuse(message))
        yield (
            f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {_refuse(message)}"
        )
    finalized = _refuse("a finalized incident cannot be changed")
    for event in ("UPDATE", "DELETE"):
        yield _trigger(
            f"incidents_final_{event.lower()}",
            f"BEFORE {event}",
            "incidents",
            "OLD.finalized_at IS NOT NULL",
            finalized,
        )
    for table in INCIDENT_CHILD_TABLES:
        yield _trigger(
            f"{table}_final",
            "BEFORE INSERT OR UPDATE OR DELETE",
            table,
            None,
            "confide_refuse_if_finalized()",
        )
    recorded = _refuse("a recorded disclosure cannot be changed")
    for event in ("UPDATE", "DELETE"):
        yield _trigger(
            f"disclosures_recorded_{event.lower()}",
            f"BEFORE {event}",
            "disclosures",
            "OLD.incident_id IS NULL",
            recorded,
        )
    changed = " OR ".join(f"NEW.{c} IS DISTINCT FROM OLD.{c}" for c in RELEASE_SIGNED_COLUMNS)
    release = _refuse("a signed release can only be revoked, once")
    yield _trigger(
        "releases_signed_update",
        "BEFORE UPDATE",
        "releases",
        f"OLD.revoked_at IS NOT NULL OR {changed}",
        release,
    )
    yield _trigger("releases_no_delete", "BEFORE DELETE", "releases", None, release)
    yield _trigger(
        "vault_meta_no_delete",
        "BEFORE DELETE",
        "vault_meta",
        None,
        _refuse("the vault sentinel cannot be deleted"),
    )


def _search() -> Iterator[str]:
    """Accent-insensitive words, like FTS5's unicode61 remove_diacritics: unaccent + simple."""
    yield "CREATE EXTENSION IF NOT EXISTS unaccent"
    yield f"CREATE TEXT SEARCH CONFIGURATION {SEARCH_CONFIG} (COPY = pg_catalog.simple)"
    yield (
        f"ALTER TEXT SEARCH CONFIGURATION {SEARCH_CONFIG} ALTER MAPPING FOR "
        "asciiword, asciihword, hword_asciipart, word, hword, hword_part WITH unaccent, simple"
    )
    for index, (table, expression) in SEARCH_INDEXES.items():
        yield f"CREATE INDEX {index} ON {table} USING gin ({search_vector(expression)})"


def search_vector(expression: str) -> str:
    """The indexed expression; a query must repeat it exactly to use the GIN index."""
    return f"to_tsvector('{SEARCH_CONFIG}'::regconfig, {expression})"


def _audit() -> Iterator[str]:
    yield _AUDIT_WRITER
    yield _trigger(
        "audit_events_writer", "BEFORE INSERT", "audit_events", None, "confide_audit_writer()"
    )
    yield _AUDIT_HEAD


def upgrade_statements() -> list[str]:
    """Every statement migration 0009 runs on PostgreSQL, in order."""
    return [*_immutability(), *_search(), *_audit()]


def downgrade_statements() -> list[str]:
    """Drop what :func:`upgrade_statements` made (triggers go with their functions)."""
    return [
        *(f"DROP INDEX IF EXISTS {index}" for index in SEARCH_INDEXES),
        f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {SEARCH_CONFIG}",
        "DROP FUNCTION IF EXISTS confide_audit_head()",
        "DROP FUNCTION IF EXISTS confide_audit_writer() CASCADE",
        "DROP FUNCTION IF EXISTS confide_refuse_if_finalized() CASCADE",
        "DROP FUNCTION IF EXISTS confide_refuse() CASCADE",
    ]
