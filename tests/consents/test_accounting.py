"""The accounting of disclosures (45 CFR 164.528), the full log, requests and suspensions."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest

from desktop.domain import DisclosureMethod, InformationCategory, LegalBasis, RecipientRole
from desktop.errors import UserInputError, WorkflowError
from desktop.services.accounting.disclosures import add_disclosure
from desktop.services.accounting.requests import FEE_FREE, FEE_MAY_APPLY
from desktop.services.accounting.service import AccountingService
from desktop.services.releases.service import ReleaseService
from desktop.storage.vault import Vault
from desktop.workflow.accounting_views import years_before
from desktop.workflow.disclosures import DisclosureInput
from tests.consents.conftest import Clients
from tests.consents.test_releases import details, release_input

NOW = datetime.now(UTC)


def disclose(vault: Vault, client_id: int, days_ago: float, **changes: object) -> int:
    data = DisclosureInput(
        client_id=client_id,
        disclosed_at=NOW - timedelta(days=days_ago),
        recipient_name="Sacramento Police Department",
        recipient_role=RecipientRole.LAW_ENFORCEMENT,
        recipient_address="5770 Freeport Blvd, Sacramento, CA",
        method=DisclosureMethod.PHONE,
        categories=(InformationCategory.IDENTITY, InformationCategory.NATURE_OF_THREAT),
        description="Name and the threat stated in session",
        purpose="Warn of a serious and imminent threat to a named person",
        legal_basis=LegalBasis.SERIOUS_THREAT,
        minimum_necessary="Only the identity and the threat itself",
    )
    with vault.session() as session:
        return add_disclosure(session, "tester", replace(data, **changes))  # type: ignore[arg-type]


@pytest.fixture
def history(ready: Vault, clients: Clients) -> dict[str, int]:
    """One of each kind of disclosure for the adult client."""
    releases = ReleaseService(ready)
    release_id = releases.create(release_input(clients.adult))
    return {
        "threat": disclose(ready, clients.adult, 30),
        "court": disclose(
            ready,
            clients.adult,
            200,
            recipient_name="Superior Court of Sacramento County",
            recipient_address="",
            recipient_role=RecipientRole.COURT,
            description="Treatment dates named in the order",
            purpose="Comply with a court order",
            legal_basis=LegalBasis.COURT_ORDER,
            categories=(InformationCategory.TREATMENT_DATES,),
        ),
        "insurance": disclose(
            ready,
            clients.adult,
            10,
            recipient_name="Example Health Plan",
            recipient_role=RecipientRole.INSURER,
            description="Routine claim: dates of service and billing codes",
            purpose="Payment",
            legal_basis=LegalBasis.TREATMENT_PAYMENT_OPERATIONS,
            categories=(InformationCategory.BILLING_CODES,),
        ),
        "release": releases.record_disclosure_under_release(release_id, details()),
        "too_old": disclose(ready, clients.adult, 7 * 365),
    }


def test_accounting_lists_accountable_disclosures_with_four_elements(
    ready: Vault, clients: Clients, history: dict[str, int]
) -> None:
    accounting = AccountingService(ready).accounting_for(clients.adult)
    listed = {i for entry in accounting.entries for i in entry.disclosure_ids}
    assert listed == {history["court"], history["threat"]}
    court, threat = accounting.entries
    assert court.disclosed_on == (NOW - timedelta(days=200)).astimezone().date()
    assert court.recipient_name == "Superior Court of Sacramento County"
    assert court.recipient_address == ""
    assert court.description == "Treatment dates named in the order"
    assert (
        court.basis_statement == "Comply with a court order (legal basis: 45 CFR 164.512(e)(1)(i))"
    )
    assert threat.recipient_address == "5770 Freeport Blvd, Sacramento, CA"
    assert threat.count == 1 and threat.frequency == ""
    assert accounting.period_start == years_before(date.today(), 6)


def test_accounting_period_can_be_shorter(
    ready: Vault, clients: Clients, history: dict[str, int]
) -> None:
    service = AccountingService(ready)
    recent = service.accounting_for(clients.adult, since=date.today() - timedelta(days=60))
    assert [e.disclosure_ids for e in recent.entries] == [(history["threat"],)]
    before = service.accounting_for(clients.adult, as_of=date.today() - timedelta(days=100))
    assert [e.disclosure_ids for e in before.entries] == [(history["court"],)]
    with pytest.raises(UserInputError, match="six years"):
        service.accounting_for(clients.adult, since=date.today() - timedelta(days=7 * 365))


def test_full_log_shows_everything_flagged(
    ready: Vault, clients: Clients, history: dict[str, int]
) -> None:
    log = AccountingService(ready).full_log(clients.adult)
    assert {e.disclosure_id for e in log.entries} == set(history.values())
    by_id = {e.disclosure_id: e for e in log.entries}
    assert not by_id[history["insurance"]].accountable
    assert "164.528(a)(1)(i)" in by_id[history["insurance"]].exempt_reason
    assert by_id[history["release"]].exempt_reason.startswith("Under the client's signed")
    assert by_id[history["threat"]].accountable and by_id[history["threat"]].exempt_reason == ""
    recent = AccountingService(ready).full_log(clients.adult, since=date.today() - timedelta(15))
    assert {e.disclosure_id for e in recent.entries} == {history["insurance"], history["release"]}


def test_repeated_disclosures_to_one_recipient_are_summarized(
    ready: Vault, clients: Clients
) -> None:
    ids = [disclose(ready, clients.adult, days) for days in (90, 60, 30)]
    other = disclose(ready, clients.adult, 45, purpose="A different purpose")
    accounting = AccountingService(ready).accounting_for(clients.adult)
    summary, single = accounting.entries
    assert summary.disclosure_ids == tuple(ids)
    assert summary.count == 3
    assert summary.disclosed_on == (NOW - timedelta(days=90)).astimezone().date()
    assert summary.last_disclosed_on == (NOW - timedelta(days=30)).astimezone().date()
    assert summary.frequency.startswith("3 disclosures to this recipient for this purpose")
    assert single.disclosure_ids == (other,)


def test_suspension_leaves_out_the_agency_and_says_so(
    ready: Vault, clients: Clients, history: dict[str, int]
) -> None:
    service = AccountingService(ready)
    with pytest.raises(UserInputError, match="at most 30 days"):
        service.record_suspension(
            clients.adult,
            "Sacramento Police Department",
            official="Det. Lee",
            written=False,
            statement="Told us by phone an accounting would impede the investigation",
            starts_on=date.today(),
            ends_on=date.today() + timedelta(days=45),
        )
    service.record_suspension(
        clients.adult,
        "sacramento police department",
        official="Det. Lee",
        written=False,
        statement="Told us by phone an accounting would impede the investigation",
        starts_on=date.today() - timedelta(days=1),
        ends_on=date.today() + timedelta(days=29),
    )
    accounting = service.accounting_for(clients.adult)
    assert [e.disclosure_ids for e in accounting.entries] == [(history["court"],)]
    (note,) = accounting.withheld
    assert (note.agency, note.disclosures_left_out) == ("sacramento police department", 1)
    later = service.accounting_for(clients.adult, as_of=date.today() + timedelta(days=40))
    assert later.withheld == () and len(later.entries) == 2
    log = {e.disclosure_id: e for e in service.full_log(clients.adult).entries}
    assert log[history["threat"]].suspended_until == date.today() + timedelta(days=29)


def test_request_received_61_days_ago_is_overdue(ready: Vault, clients: Clients) -> None:
    service = AccountingService(ready)
    old = service.record_request(clients.adult, date.today() - timedelta(days=61))
    new = service.record_request(clients.minor, date.today() - timedelta(days=59))
    views = {view.id: view for view in service.open_requests()}
    assert views[old].overdue and not views[new].overdue
    assert views[old].due_on == date.today() - timedelta(days=1)
    assert views[old].fee_note == FEE_FREE
    accounting = service.accounting_for_request(old)
    assert accounting.period_end == date.today() - timedelta(days=61)
    assert accounting.period_start == years_before(accounting.period_end, 6)
    assert [v.id for v in service.open_requests()] == [old, new]


def test_extension_once_with_a_written_reason(ready: Vault, clients: Clients) -> None:
    service = AccountingService(ready)
    received = date.today() - timedelta(days=61)
    request_id = service.record_request(clients.adult, received)
    with pytest.raises(UserInputError, match="written reason"):
        service.extend(request_id, " ", received + timedelta(days=10))
    with pytest.raises(UserInputError, match="within the 60 days"):
        service.extend(request_id, "Records are off site", date.today())
    with pytest.raises(UserInputError, match="at most 30 days"):
        service.extend(request_id, "Records are off site", received, received + timedelta(days=95))
    view = service.extend(request_id, "Records are off site", received + timedelta(days=10))
    assert view.extended_due_on == received + timedelta(days=90)
    assert not view.overdue
    with pytest.raises(WorkflowError, match="only one extension"):
        service.extend(request_id, "Again", received + timedelta(days=11))
    delivered = service.mark_delivered(request_id, date.today())
    assert delivered.delivered_on == date.today()
    assert service.open_requests() == []
    with pytest.raises(WorkflowError, match="already marked"):
        service.mark_delivered(request_id, date.today())


def test_years_before_handles_leap_days() -> None:
    assert years_before(date(2024, 2, 29), 6) == date(2018, 2, 28)
    assert years_before(date(2024, 3, 1), 6) == date(2018, 3, 1)


def test_second_request_in_a_year_notes_a_fee(ready: Vault, clients: Clients) -> None:
    service = AccountingService(ready)
    service.record_request(clients.adult, date.today() - timedelta(days=200))
    second = service.record_request(clients.adult, date.today())
    (view,) = [v for v in service.requests_for(clients.adult) if v.id == second]
    assert view.fee_note == FEE_MAY_APPLY
    with pytest.raises(UserInputError, match="six years"):
        service.record_request(clients.adult, date.today(), date.today() - timedelta(days=2500))


def test_six_year_window_boundary_in_local_dates(ready: Vault, clients: Clients) -> None:
    first_day = years_before(date.today(), 6)
    noon = datetime(first_day.year, first_day.month, first_day.day, 12).astimezone()
    inside = disclose(ready, clients.adult, (NOW - noon).total_seconds() / 86400)
    disclose(ready, clients.adult, (NOW - noon).total_seconds() / 86400 + 1)
    accounting = AccountingService(ready).accounting_for(clients.adult)
    assert accounting.period_start == first_day
    assert [e.disclosure_ids for e in accounting.entries] == [(inside,)]
