"""Which of a client's releases covers a disclosure under their authorization (45 CFR 164.508).

Every path that records such a disclosure (the incident wizard, the Releases tab, the command
line) picks the release from :func:`match_releases`; when none fits, :func:`none_fits` says why
for each release, after the rule itself.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from desktop.domain import InformationCategory, RecipientRole
from desktop.local_time import format_date
from desktop.workflow.release_views import (
    ReleaseView,
    recipient_refusal,
    release_refusal,
    scope_refusal,
)

MATCHING_RULE = (
    "A release covers a disclosure when it was signed by or for this client before the "
    "disclosure, had not expired or been revoked by then, names the recipient, and covers the "
    "information disclosed; psychotherapy notes need a release of their own, which covers "
    "nothing else (45 CFR 164.508(b)(2), (b)(3)(ii) and (c)(1))."
)


@dataclass(frozen=True)
class ReleaseMatch:
    """One release of the client, and why it cannot cover the disclosure (None: it can)."""

    release: ReleaseView
    problem: str | None

    @property
    def covers(self) -> bool:
        return self.problem is None

    @property
    def label(self) -> str:
        """E.g. "Release #3: Dr. Lee (health care provider), signed Mar 12, 2026"."""
        release = self.release
        role = role_of(release)
        who = f"{release.recipient_name} ({role.label.lower()})" if role else release.recipient_name
        signed = format_date(release.signed_at.astimezone().date())
        until = f", until {format_date(release.expires_on)}" if release.expires_on else ""
        notes = ", psychotherapy notes only" if release.includes_psychotherapy_notes else ""
        return f"Release #{release.id}: {who}, signed {signed}{until}{notes}"


def role_of(release: ReleaseView) -> RecipientRole | None:
    try:
        return RecipientRole(release.recipient_role)
    except ValueError:
        return None


def match_releases(
    releases: Iterable[ReleaseView],
    client_id: int,
    at: datetime,
    categories: tuple[InformationCategory, ...],
    recipient_name: str | None = None,
) -> list[ReleaseMatch]:
    """Each release with its verdict for a disclosure at ``at`` of ``categories``; with a
    ``recipient_name``, a release must also name that recipient (case and spacing aside)."""
    matches = []
    for release in releases:
        problem = release_refusal(release, client_id, at) or scope_refusal(release, categories)
        if problem is None and recipient_name is not None:
            problem = recipient_refusal(release, recipient_name)
        matches.append(ReleaseMatch(release, problem))
    return matches


def covering(matches: Iterable[ReleaseMatch]) -> list[ReleaseView]:
    return [match.release for match in matches if match.covers]


def none_fits(matches: list[ReleaseMatch]) -> str:
    """Why no release covers the disclosure: the rule, then each release's reason."""
    if not matches:
        return f"This client has no release on file. {MATCHING_RULE}"
    reasons = "; ".join(
        f"#{m.release.id} ({m.release.recipient_name}): {_lowered(str(m.problem))}"
        for m in matches
        if m.problem is not None
    )
    return f"None of this client's releases covers this disclosure. {MATCHING_RULE} {reasons}."


def _lowered(problem: str) -> str:
    text = problem.rstrip(".")
    return text[:1].lower() + text[1:]
