"""The SQL consent queue agrees with the one-client status, pages by keyset and counts."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

from desktop.services.clients.service import ClientService
from desktop.services.consents.service import ConsentService
from desktop.services.consents.templates import TemplateService
from desktop.services.practice.practitioner import PractitionerService
from desktop.storage.vault import Vault
from desktop.workflow.client_views import ClientInput
from tests.consents.conftest import Clients
from tests.support.consents import ADULT_KEY, MINOR_KEY, sign


def _client(vault: Vault, first: str, last: str, birth: date, **extra: str) -> int:
    return ClientService(vault).create(
        ClientInput(first_name=first, last_name=last, date_of_birth=birth, **extra)  # type: ignore[arg-type]
    )


def _minor_turning_adult(vault: Vault, birthday_18: date) -> int:
    birth = birthday_18.replace(year=birthday_18.year - 18)
    return _client(
        vault,
        "Ada",
        "Brook",
        birth,
        guardian_name="Lee Brook",
        guardian_relationship="Father",
        guardian_authority="Parent with legal custody",
    )


def test_every_reason_matches_the_single_client_status(ready: Vault, clients: Clients) -> None:
    service = ConsentService(ready)
    today = date.today()
    turning = _minor_turning_adult(ready, today + timedelta(days=10))
    sign(ready, turning, key=MINOR_KEY, signer="Lee Brook")
    revoked = _client(ready, "Zoë", "Aalto", date(1980, 1, 1))
    consent = sign(ready, revoked, signer="Zoë Aalto")
    service.revoke(consent, datetime.now(UTC))
    outdated = _client(ready, "Zoë", "Cole", date(1975, 2, 28), preferred_name="Zed")
    sign(ready, outdated, signer="Zoë Cole")
    sign(ready, clients.adult)
    archived = _client(ready, "Old", "Archive", date(1950, 5, 5))
    ClientService(ready).set_archived(archived)
    v1 = TemplateService(ready).template_versions(ADULT_KEY)[0]
    TemplateService(ready).edit_template(
        ADULT_KEY, v1.title, v1.body + "\nTelehealth.\n", v1.limits
    )

    everyone = [clients.adult, clients.minor, turning, revoked, outdated]
    for day in (
        today,
        today + timedelta(days=9),
        today + timedelta(days=10),
        today + timedelta(days=400),
    ):
        listed = {n.client_id: n.reason for n in service.clients_needing_consent(today=day)}
        expected = {
            c: s.reason for c in everyone if (s := service.status(c, today=day)).needs_consent
        }
        assert listed == expected, day
    reasons = {n.client_id: n.reason for n in service.clients_needing_consent(today=today)}
    assert reasons[revoked] == "revoked"
    assert reasons[outdated] == "signed on version 1; version 2 is current"
    assert reasons[clients.adult] == "signed on version 1; version 2 is current"
    assert reasons[clients.minor] == "no consent on file"
    assert turning not in reasons and archived not in reasons
    later = {
        n.client_id: n.reason
        for n in service.clients_needing_consent(today=today + timedelta(days=10))
    }
    assert later[turning] == "signed as a minor; the client is now 18 or older"


def test_queue_counts_all_and_pages_from_the_last_row(ready: Vault) -> None:
    ids = [_client(ready, f"Sam{n:02d}", "Same", date(1990, 1, 1)) for n in range(7)]
    ids.append(_client(ready, "Amy", "Zed", date(1990, 1, 1)))
    service = ConsentService(ready)
    queued = service.consent_queue(3)
    assert queued.total == 8
    assert [n.client_id for n in queued.rows] == ids[:3]
    assert queued.rows[0].client_display_name == "Sam00 Same"
    shown = list(queued.rows)
    while batch := service.needing_consent_page(shown[-1], 3):
        shown += batch
    assert [n.client_id for n in shown] == ids
    assert service.consent_queue(0).total == 8


def test_the_dashboard_queue_follows_every_change(ready: Vault, clients: Clients) -> None:
    """The queue counts stored due days; each change must forget or recompute the right ones."""
    service = ConsentService(ready)
    today = date.today()

    def agrees(*days: date) -> None:
        for day in days or (today,):
            active = [c.id for c in ClientService(ready).list()]
            expected = {
                c: s.reason for c in active if (s := service.status(c, today=day)).needs_consent
            }
            queued = service.consent_queue(1000, today=day)
            assert {n.client_id: n.reason for n in queued.rows} == expected, day
            assert queued.total == len(expected), day

    agrees()  # every due day computed
    turning = _minor_turning_adult(ready, today + timedelta(days=10))
    agrees()
    sign(ready, turning, key=MINOR_KEY, signer="Lee Brook")
    sign(ready, clients.adult)
    agrees(today, today + timedelta(days=9), today + timedelta(days=10))
    consent = sign(ready, clients.minor, key=MINOR_KEY, signer="Priya Marsh")
    agrees()
    service.revoke(consent, datetime.now(UTC))
    agrees()
    ClientService(ready).set_archived(clients.adult)
    agrees(today, today + timedelta(days=400))
    ClientService(ready).set_archived(clients.adult, archived=False)
    agrees(today + timedelta(days=366))
    record = ClientService(ready).get(turning, audit_view=False)
    born_earlier = replace(
        record.data, date_of_birth=record.data.date_of_birth - timedelta(days=20)
    )
    ClientService(ready).update(turning, born_earlier)
    agrees()
    profile = PractitionerService(ready).get()
    assert profile is not None
    PractitionerService(ready).save(replace(profile, reconsent_months=1))
    agrees(today + timedelta(days=40))
    templates = TemplateService(ready)
    v1 = templates.template_versions(ADULT_KEY)[0]
    templates.edit_template(ADULT_KEY, v1.title, v1.body + "\nTelehealth.\n", v1.limits)
    agrees()
