"""Consent templates: versioned texts. An edit stores version N+1; old versions never change.

Each version's content hash is SHA-256 (see desktop.consent_text.content_hash) over the
template's canonical source: the same front-matter-plus-body form the bundled files use,
so a version can be exported and re-checked outside Confide.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.consent_text import (
    TemplateText,
    bundled_templates,
    content_hash,
    parse_template,
    placeholders,
)
from desktop.domain import ConfidentialityLimit
from desktop.errors import NotFoundError, UserInputError
from desktop.models import ConsentTemplate
from desktop.storage import audit
from desktop.storage.vault import Vault
from desktop.workflow import validation as v

KNOWN_PLACEHOLDERS = frozenset(
    {
        "client_name",
        "guardian_name",
        "practitioner_name",
        "practitioner_credentials",
        "jurisdiction_name",
        "effective_date",
        "today",
    }
)
"""What the consent service can fill in. ``effective_date`` is the day the template version
was stored (a privacy notice carries its effective date, 45 CFR 164.520(b)(1)(viii));
``today`` is the day the consent is shown."""


@dataclass(frozen=True)
class TemplateView:
    id: int
    key: str
    version: int
    title: str
    body: str
    limits: tuple[ConfidentialityLimit, ...]
    for_minor: bool
    content_hash: str
    created_at: datetime


def template_source(text: TemplateText) -> str:
    """The canonical source of a template version: front matter, then the body."""
    limits = ", ".join(limit.value for limit in text.limits)
    return (
        f"---\nkey: {text.key}\ntitle: {text.title}\n"
        f"for_minor: {'true' if text.for_minor else 'false'}\nlimits: {limits}\n---\n{text.body}"
    )


def view_of(row: ConsentTemplate) -> TemplateView:
    return TemplateView(
        id=row.id,
        key=row.key,
        version=row.version,
        title=row.title,
        body=row.body,
        limits=tuple(ConfidentialityLimit(name) for name in row.limits),
        for_minor=row.for_minor,
        content_hash=row.content_hash,
        created_at=row.created_at,
    )


def latest_row(session: Session, key: str) -> ConsentTemplate | None:
    query = (
        select(ConsentTemplate)
        .where(ConsentTemplate.key == key)
        .order_by(ConsentTemplate.version.desc())
        .limit(1)
    )
    return session.scalars(query).first()


def current_versions(session: Session) -> dict[str, int]:
    """The newest version number of every template key."""
    query = select(ConsentTemplate.key, func.max(ConsentTemplate.version)).group_by(
        ConsentTemplate.key
    )
    return {key: int(version) for key, version in session.execute(query)}


def load_template(session: Session, template_id: int) -> ConsentTemplate:
    row = session.get(ConsentTemplate, template_id)
    if row is None:
        raise NotFoundError(f"Consent template #{template_id} does not exist.")
    return row


def _checked(text: TemplateText) -> TemplateText:
    """Parse the canonical source back, so an edit obeys the same rules as a bundled file."""
    parsed = parse_template(template_source(text))
    unknown = sorted(placeholders(parsed.body) - KNOWN_PLACEHOLDERS)
    if unknown:
        names = ", ".join("{{" + name + "}}" for name in unknown)
        known = ", ".join("{{" + name + "}}" for name in sorted(KNOWN_PLACEHOLDERS))
        raise UserInputError(
            f"The template uses a placeholder Confide cannot fill: {names}.",
            f"Use only: {known}.",
        )
    if parsed.for_minor and "guardian_name" not in placeholders(parsed.body):
        raise UserInputError(
            "A consent template for minors must name the parent or guardian ({{guardian_name}})."
        )
    return parsed


def _store(session: Session, actor: str, text: TemplateText, version: int) -> ConsentTemplate:
    row = ConsentTemplate(
        key=text.key,
        version=version,
        title=text.title,
        body=text.body,
        limits=[limit.value for limit in text.limits],
        for_minor=text.for_minor,
        content_hash=content_hash(template_source(text)),
    )
    session.add(row)
    session.flush()
    audit.record(
        session,
        audit.AuditAction.CREATE,
        actor=actor,
        entity_type="consent_template",
        entity_id=row.id,
        detail={"key": text.key, "version": version},
    )
    return row


class TemplateService:
    """Template versions: the bundled ones stored once, edits stored as new versions."""

    def __init__(self, vault: Vault) -> None:
        self._vault = vault

    def ensure_bundled_templates(self) -> int:
        """Store version 1 of each bundled template whose key is not in the vault yet.

        Idempotent: a key already present (in any version) is left alone, so the
        clinician's edits are never overwritten. Returns how many were added.
        """
        bundled = [_checked(text) for text in bundled_templates()]
        with self._vault.session() as session:
            present = current_versions(session)
            missing = [text for text in bundled if text.key not in present]
            for text in missing:
                _store(session, self._vault.actor, text, 1)
            return len(missing)

    def templates(self) -> list[TemplateView]:
        """The newest version of every template, by key (storing the bundled ones if missing)."""
        self.ensure_bundled_templates()
        with self._vault.session() as session:
            newest = current_versions(session)
            rows = session.scalars(select(ConsentTemplate).order_by(ConsentTemplate.key))
            return [view_of(row) for row in rows if newest[row.key] == row.version]

    def template_versions(self, key: str) -> list[TemplateView]:
        """Every version of one template, oldest first."""
        with self._vault.session() as session:
            query = (
                select(ConsentTemplate)
                .where(ConsentTemplate.key == key)
                .order_by(ConsentTemplate.version)
            )
            rows = [view_of(row) for row in session.scalars(query)]
        if not rows:
            raise NotFoundError("There is no consent template with that key.")
        return rows

    def template(self, template_id: int) -> TemplateView:
        with self._vault.session() as session:
            return view_of(load_template(session, template_id))

    def edit_template(
        self, key: str, title: str, body: str, limits: Sequence[ConfidentialityLimit]
    ) -> TemplateView:
        """Store the edited text as a new version; the old versions stay as they were.

        Clients who signed an older version are then flagged for re-consent.
        Refused when nothing changed, so an accidental save does not flag everyone.
        """
        clean_title = v.required_text(title, "Title").replace("\n", " ")
        with self._vault.session() as session:
            latest = latest_row(session, key)
            if latest is None:
                raise NotFoundError("There is no consent template with that key.")
            edited = _checked(
                TemplateText(
                    key=key,
                    title=clean_title,
                    for_minor=latest.for_minor,
                    limits=tuple(ConfidentialityLimit(limit) for limit in limits),
                    body=v.optional_text(body, "Template text"),
                )
            )
            if content_hash(template_source(edited)) == latest.content_hash:
                raise UserInputError(
                    "Nothing was changed in the template, so no new version was stored."
                )
            row = _store(session, self._vault.actor, edited, latest.version + 1)
            return view_of(row)
