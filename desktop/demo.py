"""A demo vault filled with realistic, entirely synthetic records, for trying Confide.

Every name, date and note here is invented. The demo lives in its own folder and never
touches the user's vault.
"""

from __future__ import annotations

import contextlib
import errno
import os
import random
import re
import shutil
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from desktop.contact_permissions import (
    ContactChannel,
    ContactPermission,
    ContactPermissions,
    ContactStatus,
)
from desktop.errors import VaultExistsError
from desktop.models import NoteKind
from desktop.services.clients.notes import NoteService
from desktop.services.clients.service import ClientService
from desktop.services.practice.practitioner import PractitionerService, Profile
from desktop.settings import data_dir
from desktop.storage.files import (
    STALE_AFTER_SECONDS,
    ensure_private_dir,
    fsync_folder,
    translate_os_error,
)
from desktop.storage.vault import Vault
from desktop.workflow.client_views import ClientInput, EmergencyContactInput

DEMO_PASSPHRASE = "confide demo vault"  # noqa: S105 - the published passphrase of synthetic data
DEMO_KDF_KIB = 65536  # the floor: a demo needs no more, and it keeps `confide demo` quick

DEMO_PRACTITIONER = Profile(
    full_name="Dr. Morgan Ellis",
    credentials="PsyD, Licensed Psychologist",
    license_number="PSY-000000 (demo)",
    jurisdiction="CA",
    practice_address="100 Example Street, Suite 2, Sacramento, CA 95814",
    phone="(555) 010-0100",
)

_FIRST = [
    "Avery", "Jordan", "Riley", "Casey", "Quinn", "Harper", "Rowan", "Emerson",
    "Sasha", "Devon", "Marisol", "Tomasz", "Aiko", "Kwame", "Ines", "Farid",
]  # fmt: skip
_LAST = [
    "Whitfield", "Okafor", "Lindqvist", "Moreau", "Castellanos", "Brennan", "Haddad",
    "Kowalski", "Sato", "Mensah", "Delacroix", "Ferreira", "Novak", "Rahimi",
]  # fmt: skip
_NOTES = [
    "Client reports improved sleep since starting the breathing routine; practiced it in session.",
    "Discussed conflict with a coworker; explored assertive phrasing and role-played it.",
    "Mood lower this week after a family visit. Reviewed coping plan; no safety concerns stated.",
    "Worked on a values list. Client identified two small weekend goals.",
    "Client described intrusive memories less often. Continued graded exposure hierarchy.",
    "Reviewed homework. Client noticed a pattern of avoiding phone calls when anxious.",
]


def default_demo_dir() -> Path:
    return data_dir() / "Demo Vault"


def build_demo_vault(
    folder: Path, passphrase: str = DEMO_PASSPHRASE, *, seed: int = 7
) -> list[int]:
    """Create a demo vault in ``folder`` (absent or empty); returns client ids.

    The vault is built in a hidden sibling folder and moved into place only once it is
    complete, so a failure (a missing resource, a full disk, Ctrl+C) never leaves half a vault.
    """
    _refuse_unless_free(folder)
    ensure_private_dir(folder.parent)
    _remove_stale_staging(folder.parent)
    staging = Path(tempfile.mkdtemp(prefix=_STAGING_PREFIX, dir=folder.parent))
    try:
        vault, _recovery = Vault.create(staging, passphrase, kdf_memory_kib=DEMO_KDF_KIB)
        with vault:
            PractitionerService(vault).save(DEMO_PRACTITIONER)
            client_ids = _seed_clients(vault, random.Random(seed))  # noqa: S311 - synthetic data
            _seed_related_records(vault, client_ids)
        _move_into_place(staging, folder)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return client_ids


_STAGING_PREFIX = ".confide-demo-building-"
_STAGING_NAME = re.compile(r"^\.confide-demo-building-[A-Za-z0-9_]+$")


def _refuse_unless_free(folder: Path) -> None:
    if folder.is_dir() and any(folder.iterdir()):
        raise VaultExistsError("The demo needs a new or empty folder, and this one is not empty.")
    if folder.exists() and not folder.is_dir():
        raise VaultExistsError("A file is in the way: the demo folder cannot be created there.")


def _move_into_place(staging: Path, folder: Path) -> None:
    """Rename the finished vault onto ``folder``; an empty ``folder`` is replaced."""
    with contextlib.suppress(FileNotFoundError):
        folder.rmdir()  # only succeeds if empty; a folder filled meanwhile makes rename fail
    try:
        os.rename(staging, folder)
    except OSError as exc:
        if exc.errno in (errno.ENOTEMPTY, errno.EEXIST):
            raise VaultExistsError(
                "The demo folder was filled by something else while the demo was being built."
            ) from None
        raise translate_os_error(exc) from exc
    fsync_folder(folder.parent)


def _remove_stale_staging(parent: Path) -> None:
    """Delete demo folders a killed ``confide demo`` left half-built (synthetic data only)."""
    deadline = time.time() - STALE_AFTER_SECONDS
    with contextlib.suppress(OSError), os.scandir(parent) as entries:
        for entry in entries:
            stale = entry.stat(follow_symlinks=False).st_mtime <= deadline
            if _STAGING_NAME.match(entry.name) and entry.is_dir(follow_symlinks=False) and stale:
                shutil.rmtree(entry.path, ignore_errors=True)


def _seed_clients(vault: Vault, rng: random.Random) -> list[int]:
    clients = ClientService(vault)
    notes = NoteService(vault)
    ids = [clients.create(data) for data in _special_clients()]
    for index in range(10):
        first, last = _FIRST[index], _LAST[index]
        born = date(1960 + rng.randrange(40), 1 + rng.randrange(12), 1 + rng.randrange(28))
        ids.append(
            clients.create(
                ClientInput(
                    first_name=first,
                    last_name=last,
                    date_of_birth=born,
                    email=f"{first.lower()}.{last.lower()}@example.com",
                    phone=f"(555) 01{index:01d}-{rng.randrange(1000, 9999)}",
                    contact=_demo_permissions(rng),
                    insurance_payer=rng.choice(["Example Health Plan", "Sample Mutual", ""]),
                    emergency_contacts=(
                        EmergencyContactInput(f"{_FIRST[-1 - index]} {last}", "Partner"),
                    ),
                )
            )
        )
    for client_id in ids:
        for weeks in range(rng.randrange(2, 6)):
            day = date.today() - timedelta(weeks=weeks + 1)
            notes.add(client_id, day, rng.choice(_NOTES))
    notes.add(
        ids[0],
        date.today() - timedelta(days=3),
        "Process notes kept separately (demo psychotherapy note).",
        NoteKind.PSYCHOTHERAPY,
    )
    return ids


def _demo_permissions(rng: random.Random) -> ContactPermissions:
    """Synthetic answers: some allowed, some declined, some never asked, each dated."""
    asked = date.today() - timedelta(days=rng.randrange(10, 400))
    picks = {}
    for channel in ContactChannel:
        status = rng.choice(list(ContactStatus))
        day = None if status is ContactStatus.NOT_ASKED else asked
        picks[channel.value] = ContactPermission(status, day)
    return ContactPermissions(**picks)


def _special_clients() -> list[ClientInput]:
    return [
        ClientInput(
            first_name="Dana",
            last_name="Kessler",
            date_of_birth=date(1984, 5, 17),
            phone="(555) 010-2231",
            contact=ContactPermissions(
                voicemail=ContactPermission(
                    ContactStatus.ALLOWED, date.today() - timedelta(days=60)
                ),
                text=ContactPermission(ContactStatus.DECLINED, date.today() - timedelta(days=60)),
            ),
            contact_notes="Prefers afternoon calls.",
            insurance_payer="Example Health Plan",
        ),
        ClientInput(
            first_name="Zoë",
            last_name="Nguyễn",
            date_of_birth=date(1991, 11, 2),
            email="zoe.nguyen@example.com",
            self_pay_restriction=True,
            restriction_notes="Pays out of pocket; asked that the insurer not be billed.",
        ),
        ClientInput(
            first_name="Eli",
            last_name="Marsh",
            date_of_birth=date.today().replace(year=date.today().year - 15, day=1),
            guardian_name="Priya Marsh",
            guardian_relationship="Mother",
            guardian_phone="(555) 010-7781",
            guardian_authority="Parent with legal custody",
        ),
        ClientInput(
            first_name="Harold",
            last_name="Beaumont",
            date_of_birth=date(1941, 2, 9),
            emergency_contacts=(EmergencyContactInput("Claire Beaumont", "Daughter"),),
        ),
    ]


def _seed_related_records(vault: Vault, client_ids: list[int]) -> None:
    """Consents, releases, disclosures and incidents, through their own services."""
    from desktop.services.demo.consents import seed_demo_consents
    from desktop.services.demo.incidents import seed_demo_incidents

    seed_demo_consents(vault, client_ids)
    seed_demo_incidents(vault, client_ids)
