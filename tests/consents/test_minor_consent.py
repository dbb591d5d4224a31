"""A minor's consent: the age on the day of signing decides, whichever form is used (item 6)."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.errors import UserInputError
from desktop.services.consents.service import ConsentService
from desktop.services.exports import export_consent_report
from desktop.storage.vault import Vault
from tests.consents.conftest import Clients
from tests.support.consents import ADULT_KEY, sign
from tests.support.pdf import pdf_text

BASIS = "Cal. Health & Safety Code §124260 (as I read it; counsel to confirm)"


def test_a_15_year_old_alone_on_the_adult_form_is_refused(ready: Vault, clients: Clients) -> None:
    with pytest.raises(UserInputError, match=r"under 18 on the day of signing.*164\.502\(g\)"):
        sign(ready, clients.minor, key=ADULT_KEY, signer="Eli Marsh")
    assert ConsentService(ready).for_client(clients.minor) == []


def test_a_minor_consenting_alone_needs_a_recorded_legal_basis(
    ready: Vault, clients: Clients, tmp_path: Path
) -> None:
    consent_id = sign(
        ready, clients.minor, key=ADULT_KEY, signer="Eli Marsh", minor_consent_basis=BASIS
    )
    assert ConsentService(ready).get(consent_id).minor_consent_basis == BASIS
    text = pdf_text(export_consent_report(ready, consent_id, tmp_path / "c.pdf"))
    assert "Minor consenting alone under" in text and "124260" in text


def test_the_basis_is_refused_for_an_adult_or_when_a_guardian_signs(
    ready: Vault, clients: Clients
) -> None:
    with pytest.raises(UserInputError, match="not under 18"):
        sign(ready, clients.adult, minor_consent_basis=BASIS)
    with pytest.raises(UserInputError, match="not consenting alone"):
        sign(
            ready,
            clients.minor,
            key=ADULT_KEY,
            signer="Priya Marsh",
            minor_consent_basis=BASIS,
        )


def test_a_cited_rule_is_refused_below_its_minimum_age(ready: Vault, clients: Clients) -> None:
    from datetime import date, timedelta

    from desktop.minor_consent import rules_for
    from desktop.services.clients.service import ClientInput, ClientService

    child = ClientService(ready).create(
        ClientInput(
            first_name="Ana",
            last_name="Ruiz",
            date_of_birth=date.today() - timedelta(days=10 * 365),
            guardian_name="Rosa Ruiz",
        )
    )
    [family_code] = [r for r in rules_for("CA") if "Fam. Code" in r.citation]
    with pytest.raises(UserInputError, match=r"§6924\(b\) lets a minor consent alone from age 12"):
        sign(
            ready,
            child,
            key=ADULT_KEY,
            signer="Ana Ruiz",
            minor_consent_basis=family_code.recorded_basis,
        )
    consent_id = sign(
        ready,
        clients.minor,
        key=ADULT_KEY,
        signer="Eli Marsh",
        minor_consent_basis=family_code.recorded_basis,
    )
    assert (
        ConsentService(ready)
        .get(consent_id)
        .minor_consent_basis.startswith(
            "Cal. Fam. Code §6924(b): the client was 12 or older and mature enough"
        )
    )
