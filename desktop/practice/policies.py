"""The practice's roles, privileges and row-level security policies, as SQL.

Four group roles (NOLOGIN); each person logs in with their own role, a member of one of them:

- ``confide_owner``: sees and changes everything, manages accounts (with the admin login).
- ``confide_clinician``: their own clients (``clients.owner_role``) and those shared with them
  (``client_shares``), with every dependent row; nobody else's.
- ``confide_supervisor``: like a clinician for visibility (own and shared clients), read-only
  except for audit events and consultation records.
- ``confide_billing``: every client's identity, contact, dates, payer and member id, and the
  dates and kinds of sessions (``billing_sessions``); no privilege at all on notes, incidents,
  consents, releases or disclosures, so a SELECT on them is refused.

The policies live in the database, so a raw SQL connection gets no more than the app shows.
Applying them again replaces them (``apply_statements`` is idempotent).
"""

from __future__ import annotations

from collections.abc import Iterator

OWNER, CLINICIAN, SUPERVISOR, BILLING = (
    "confide_owner",
    "confide_clinician",
    "confide_supervisor",
    "confide_billing",
)
GROUP_ROLES = (OWNER, CLINICIAN, SUPERVISOR, BILLING)
CARE_ROLES = f"{CLINICIAN}, {SUPERVISOR}"

VISIBLE_CLIENT = "client_id IN (SELECT id FROM clients)"
VISIBLE_INCIDENT = "incident_id IN (SELECT id FROM incidents)"
# Tables holding one client's records, and how a row names its client.
DEPENDENT_TABLES = {
    "emergency_contacts": VISIBLE_CLIENT,
    "notes": VISIBLE_CLIENT,
    "consents": VISIBLE_CLIENT,
    "consent_due": VISIBLE_CLIENT,
    "consent_revocations": "consent_id IN (SELECT id FROM consents)",
    "releases": VISIBLE_CLIENT,
    "incidents": VISIBLE_CLIENT,
    "incident_steps": VISIBLE_INCIDENT,
    "consultations": VISIBLE_INCIDENT,
    "evidence_items": VISIBLE_INCIDENT,
    "notifications": VISIBLE_INCIDENT,
    "incident_options": VISIBLE_INCIDENT,
    "disclosures": VISIBLE_CLIENT,
    "accounting_requests": VISIBLE_CLIENT,
    "accounting_suspensions": VISIBLE_CLIENT,
    "addenda": VISIBLE_CLIENT,
}
SHARED_TABLES = (
    "consent_templates",
    "consent_due_rules",
    "practitioner_profile",
    "signing_identities",
)
BILLING_CLIENT_COLUMNS = (
    "id",
    "first_name",
    "last_name",
    "preferred_name",
    "date_of_birth",
    "email",
    "phone",
    "address",
    "insurance_payer",
    "insurance_member_id",
    "self_pay_restriction",
    "archived",
    "created_at",
    "owner_role",
)
OWN_OR_SHARED = (
    "owner_role = current_user "
    "OR id IN (SELECT client_id FROM client_shares WHERE grantee_role = current_user)"
)
BILLING_VIEW = """
CREATE OR REPLACE VIEW billing_sessions AS
    SELECT id, client_id, session_date, kind FROM notes
"""


def role_statements() -> Iterator[str]:
    """Create the group roles that do not exist yet (roles belong to the whole server)."""
    for role in GROUP_ROLES:
        yield (
            f"DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{role}') "
            f"THEN CREATE ROLE {role} NOLOGIN; END IF; END $$"
        )


def _privileges(client_columns: list[str]) -> Iterator[str]:
    everyone = ", ".join(GROUP_ROLES)
    yield f"REVOKE ALL ON ALL TABLES IN SCHEMA public FROM PUBLIC, {everyone}"
    yield f"GRANT USAGE ON SCHEMA public TO {everyone}"
    yield f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {everyone}"
    yield f"GRANT SELECT ON vault_meta, alembic_version TO {everyone}"
    yield f"GRANT SELECT, INSERT ON audit_events TO {everyone}"
    yield f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {OWNER}"
    yield f"REVOKE UPDATE, DELETE ON audit_events, vault_meta, alembic_version FROM {OWNER}"
    care_tables = ", ".join(["client_shares", *DEPENDENT_TABLES, *SHARED_TABLES])
    yield f"GRANT SELECT, INSERT, UPDATE, DELETE ON {care_tables} TO {CLINICIAN}"
    # A clinician cannot hand a client to someone else by rewriting its owner.
    editable = ", ".join(c for c in client_columns if c not in ("id", "owner_role"))
    yield f"GRANT SELECT, INSERT, UPDATE ({editable}) ON clients TO {CLINICIAN}"
    yield f"GRANT SELECT ON clients, {care_tables} TO {SUPERVISOR}"
    yield f"GRANT INSERT, UPDATE ON consultations TO {SUPERVISOR}"
    yield f"GRANT SELECT ({', '.join(BILLING_CLIENT_COLUMNS)}) ON clients TO {BILLING}"
    yield f"GRANT SELECT ON practitioner_profile TO {BILLING}"
    yield BILLING_VIEW
    yield f"GRANT SELECT ON billing_sessions TO {OWNER}, {BILLING}"


def _policy(table: str, name: str, command: str, roles: str, using: str) -> Iterator[str]:
    yield f"DROP POLICY IF EXISTS {name} ON {table}"
    check = "" if command in ("SELECT", "DELETE") else f" WITH CHECK ({using})"
    using_part = "" if command == "INSERT" else f" USING ({using})"
    yield f"CREATE POLICY {name} ON {table} FOR {command} TO {roles}{using_part}{check}"


def _row_security() -> Iterator[str]:
    yield "ALTER TABLE clients ENABLE ROW LEVEL SECURITY"
    yield from _policy("clients", "clients_owner", "ALL", OWNER, "true")
    yield from _policy("clients", "clients_billing", "SELECT", BILLING, "true")
    yield from _policy("clients", "clients_care", "ALL", CARE_ROLES, OWN_OR_SHARED)
    yield "ALTER TABLE client_shares ENABLE ROW LEVEL SECURITY"
    yield from _policy("client_shares", "client_shares_owner", "ALL", OWNER, "true")
    yield from _policy(
        "client_shares",
        "client_shares_care",
        "SELECT",
        CARE_ROLES,
        "grantee_role = current_user OR granted_by = current_user",
    )
    # Only a client's own clinician shares it, in their own name.
    yield from _policy(
        "client_shares",
        "client_shares_grant",
        "INSERT",
        CLINICIAN,
        "granted_by = current_user AND client_id IN "
        "(SELECT id FROM clients WHERE owner_role = current_user)",
    )
    yield from _policy(
        "client_shares", "client_shares_revoke", "DELETE", CLINICIAN, "granted_by = current_user"
    )
    for table, visible in DEPENDENT_TABLES.items():
        yield f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY"
        yield from _policy(table, f"{table}_owner", "ALL", OWNER, "true")
        yield from _policy(table, f"{table}_care", "ALL", CARE_ROLES, visible)
    yield "ALTER TABLE audit_events ENABLE ROW LEVEL SECURITY"
    yield from _policy("audit_events", "audit_events_owner", "SELECT", OWNER, "true")
    yield from _policy(
        "audit_events",
        "audit_events_read",
        "SELECT",
        f"{CARE_ROLES}, {BILLING}",
        "db_user = current_user OR client_id IN (SELECT id FROM clients)",
    )
    yield from _policy(
        "audit_events", "audit_events_write", "INSERT", "PUBLIC", "db_user = current_user"
    )


def apply_statements(client_columns: list[str]) -> list[str]:
    """Every statement that sets the practice's privileges and policies, in order."""
    return [*_privileges(client_columns), *_row_security()]
