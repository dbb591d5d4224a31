"""Fixtures for consents, releases and the accounting: a vault with a profile and clients."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pytest

from desktop.services.clients.service import ClientService
from desktop.services.consents.templates import TemplateService
from desktop.services.practice.practitioner import PractitionerService, Profile
from desktop.storage.vault import Vault
from desktop.workflow.client_views import ClientInput
from tests.support.consents import PRACTITIONER


@dataclass(frozen=True)
class Clients:
    adult: int
    minor: int


@pytest.fixture
def ready(vault: Vault) -> Vault:
    """The vault with a practitioner profile and the bundled templates stored."""
    PractitionerService(vault).save(
        Profile(full_name=PRACTITIONER, jurisdiction="CA", credentials="PhD, Psychologist")
    )
    TemplateService(vault).ensure_bundled_templates()
    return vault


@pytest.fixture
def clients(ready: Vault) -> Clients:
    service = ClientService(ready)
    adult = service.create(
        ClientInput(first_name="Zoë", last_name="Nguyễn", date_of_birth=date(1990, 3, 4))
    )
    minor = service.create(
        ClientInput(
            first_name="Eli",
            last_name="Marsh",
            date_of_birth=date.today() - timedelta(days=15 * 365),
            guardian_name="Priya Marsh",
            guardian_relationship="Mother",
            guardian_authority="Parent with legal custody",
        )
    )
    return Clients(adult=adult, minor=minor)
