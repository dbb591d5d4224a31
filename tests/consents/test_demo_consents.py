"""The demo's consents, releases and disclosures, seeded through the services."""

from __future__ import annotations

import random
from datetime import date, timedelta

from desktop.demo import DEMO_PRACTITIONER, _seed_clients
from desktop.services.accounting.service import AccountingService
from desktop.services.consents.service import ConsentService
from desktop.services.demo.consents import seed_demo_consents
from desktop.services.practice.practitioner import PractitionerService
from desktop.services.releases.service import ReleaseService
from desktop.storage.vault import Vault


def test_seed_demo_consents(vault: Vault) -> None:
    PractitionerService(vault).save(DEMO_PRACTITIONER)
    ids = _seed_clients(vault, random.Random(7))
    seed_demo_consents(vault, ids)
    insured, self_pay, minor, older = ids[:4]
    consents = ConsentService(vault)
    reasons = {s.client_id: s.reason for s in consents.clients_needing_consent()}
    assert reasons[insured] == "signed on version 1; version 2 is current"
    assert reasons[older] == "revoked"
    assert self_pay not in reasons and minor not in reasons
    assert "no consent on file" in reasons.values()
    assert consents.for_client(minor)[0].guardian_signature_png is not None

    releases = ReleaseService(vault)
    assert [s.client_id for s in releases.expiring_within(30)] == [self_pay]
    assert releases.for_client(insured)[0].revoked

    accounting = AccountingService(vault)
    (request,) = accounting.open_requests()
    assert request.overdue and request.received_on == date.today() - timedelta(days=61)
    entries = accounting.accounting_for(insured).entries
    assert [e.recipient_name for e in entries] == ["State Board of Psychology (demo)"]
    log = accounting.full_log(insured).entries
    assert {e.recipient_name for e in log} == {
        "State Board of Psychology (demo)",
        "Example Health Plan",
        "Dr. Lee Park, Psychiatry",
    }
    assert len(accounting.full_log(self_pay).entries) == 2
