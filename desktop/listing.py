"""Plain rows for ``confide list``: ids, dates and states, JSON-ready."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import select
from sqlalchemy.orm import defer

from desktop.models import Client, Consent, ConsentRevocation, Incident, Release
from desktop.services.consent_status import DEFERRED as DEFERRED_CONSENT
from desktop.storage.vault import Vault

Row = dict[str, object]


def list_clients(vault: Vault, include_archived: bool) -> list[Row]:
    with vault.session() as session:
        query = select(Client).order_by(Client.last_name, Client.first_name, Client.id)
        if not include_archived:
            query = query.where(Client.archived.is_(False))
        return [
            {
                "id": c.id,
                "name": c.display_name,
                "date_of_birth": c.date_of_birth.isoformat() if c.date_of_birth else None,
                "archived": c.archived,
            }
            for c in session.scalars(query)
        ]


def list_incidents(vault: Vault, _include_archived: bool) -> list[Row]:
    with vault.session() as session:
        query = select(Incident).order_by(Incident.opened_at.desc(), Incident.id.desc())
        return [
            {
                "id": i.id,
                "client_id": i.client_id,
                "type": i.exception_type,
                "jurisdiction": i.jurisdiction,
                "opened_at": i.opened_at.isoformat(),
                "state": "finalized" if i.finalized_at else "open",
                "current_step": i.current_step,
                "due_at": i.due_at.isoformat() if i.due_at else None,
            }
            for i in session.scalars(query)
        ]


def list_consents(vault: Vault, _include_archived: bool) -> list[Row]:
    with vault.session() as session:
        revoked = set(session.scalars(select(ConsentRevocation.consent_id)))
        query = (
            select(Consent)
            .order_by(Consent.signed_at.desc(), Consent.id.desc())
            .options(*DEFERRED_CONSENT)
        )
        return [
            {
                "id": c.id,
                "client_id": c.client_id,
                "template": c.template_key,
                "version": c.template_version,
                "signed_at": c.signed_at.isoformat(),
                "revoked": c.id in revoked,
            }
            for c in session.scalars(query)
        ]


def list_releases(vault: Vault, _include_archived: bool) -> list[Row]:
    with vault.session() as session:
        query = (
            select(Release)
            .order_by(Release.signed_at.desc(), Release.id.desc())
            .options(defer(Release.rendered_text), defer(Release.signature_png))
        )
        return [
            {
                "id": r.id,
                "client_id": r.client_id,
                "recipient": r.recipient_name,
                "signed_at": r.signed_at.isoformat(),
                "expires_on": r.expires_on.isoformat() if r.expires_on else r.expiry_event,
                "revoked": r.revoked_at is not None,
            }
            for r in session.scalars(query)
        ]


LISTERS: dict[str, Callable[[Vault, bool], list[Row]]] = {
    "clients": list_clients,
    "incidents": list_incidents,
    "consents": list_consents,
    "releases": list_releases,
}
