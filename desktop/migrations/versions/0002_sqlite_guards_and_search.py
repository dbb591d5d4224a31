"""SQLite-only pieces: immutability triggers and the FTS5 search indexes.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25

On another database these are skipped; the service layer enforces immutability everywhere.
"""

from __future__ import annotations

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

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
TOKENIZER = "unicode61 remove_diacritics 2"


def _abort(message: str) -> str:
    return f"SELECT RAISE(ABORT, 'confide: {message}');"


def _finalized(ref: str) -> str:
    return (
        f"{ref}.incident_id IS NOT NULL AND "
        f"(SELECT finalized_at FROM incidents WHERE id = {ref}.incident_id) IS NOT NULL"
    )


def _trigger(name: str, timing: str, table: str, when: str | None, body: str) -> None:
    condition = f" WHEN {when}" if when else ""
    op.execute(
        f"CREATE TRIGGER {name} {timing} ON {table} FOR EACH ROW{condition} BEGIN {body} END"
    )


def _create_immutability_triggers() -> None:
    for table, message in ALWAYS_IMMUTABLE.items():
        _trigger(f"{table}_no_update", "BEFORE UPDATE", table, None, _abort(message))
        _trigger(f"{table}_no_delete", "BEFORE DELETE", table, None, _abort(message))
    finalized = _abort("a finalized incident cannot be changed")
    _trigger(
        "incidents_final_update",
        "BEFORE UPDATE",
        "incidents",
        "OLD.finalized_at IS NOT NULL",
        finalized,
    )
    _trigger(
        "incidents_final_delete",
        "BEFORE DELETE",
        "incidents",
        "OLD.finalized_at IS NOT NULL",
        finalized,
    )
    for table in INCIDENT_CHILD_TABLES:
        _trigger(f"{table}_final_insert", "BEFORE INSERT", table, _finalized("NEW"), finalized)
        _trigger(f"{table}_final_update", "BEFORE UPDATE", table, _finalized("OLD"), finalized)
        _trigger(f"{table}_final_delete", "BEFORE DELETE", table, _finalized("OLD"), finalized)
    recorded = _abort("a recorded disclosure cannot be changed")
    _trigger(
        "disclosures_recorded_update",
        "BEFORE UPDATE",
        "disclosures",
        "OLD.incident_id IS NULL",
        recorded,
    )
    _trigger(
        "disclosures_recorded_delete",
        "BEFORE DELETE",
        "disclosures",
        "OLD.incident_id IS NULL",
        recorded,
    )
    changed = " OR ".join(f"NEW.{c} IS NOT OLD.{c}" for c in RELEASE_SIGNED_COLUMNS)
    release = _abort("a signed release can only be revoked, once")
    _trigger(
        "releases_signed_update",
        "BEFORE UPDATE",
        "releases",
        f"OLD.revoked_at IS NOT NULL OR {changed}",
        release,
    )
    _trigger("releases_no_delete", "BEFORE DELETE", "releases", None, release)
    _trigger(
        "vault_meta_no_delete",
        "BEFORE DELETE",
        "vault_meta",
        None,
        _abort("the vault sentinel cannot be deleted"),
    )


def _create_search_index(index: str, table: str, columns: tuple[str, ...]) -> None:
    cols = ", ".join(columns)
    new = ", ".join(f"NEW.{c}" for c in columns)
    old = ", ".join(f"OLD.{c}" for c in columns)
    op.execute(
        f"CREATE VIRTUAL TABLE {index} USING fts5({cols}, content='{table}', "
        f"content_rowid='id', tokenize='{TOKENIZER}')"
    )
    op.execute(f"INSERT INTO {index}({index}, rank) VALUES ('secure-delete', 1)")
    insert = f"INSERT INTO {index}(rowid, {cols}) VALUES (NEW.id, {new});"
    delete = f"INSERT INTO {index}({index}, rowid, {cols}) VALUES ('delete', OLD.id, {old});"
    _trigger(f"{index}_ai", "AFTER INSERT", table, None, insert)
    _trigger(f"{index}_ad", "AFTER DELETE", table, None, delete)
    _trigger(f"{index}_au", "AFTER UPDATE", table, None, delete + " " + insert)


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    _create_immutability_triggers()
    _create_search_index("notes_fts", "notes", ("body",))
    _create_search_index(
        "clients_fts", "clients", ("first_name", "last_name", "preferred_name", "contact_notes")
    )


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    op.execute("DROP TABLE IF EXISTS notes_fts")
    op.execute("DROP TABLE IF EXISTS clients_fts")
    rows = (
        op.get_bind()
        .exec_driver_sql("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        .fetchall()
    )
    for (name,) in rows:
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
