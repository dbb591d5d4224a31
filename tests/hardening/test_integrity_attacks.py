"""Attacks on the vault's integrity (issue 14): each was reproduced against the earlier code.

Every test plays one attack with real files: header files swapped between vaults or put back
from an older copy, a database replaced by an older copy, a seal removed from a header or a
backup, keys rotated, KDF parameters pushed past the ceiling or lowered. Each requires a
specific refusal that changes no file, and ends by showing the vault still opens with the right
passphrase with every row.
"""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import stat
import tracemalloc
import zipfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import sqlcipher3

from desktop.cli import EXIT_OK, EXIT_USAGE, run
from desktop.errors import (
    BackupError,
    DatabaseOlderThanHeaderError,
    ForeignHeaderError,
    HeaderOlderThanDatabaseError,
    HeaderTamperedError,
    SealMissingError,
    VaultDamagedError,
    WrongRecoveryKeyError,
)
from desktop.restore import RestoreCancelledError, RestorePreview, restore_backup
from desktop.services.clients.notes import NoteService
from desktop.storage import backup, header_keys, header_parse, kdf
from desktop.storage import header as hdr
from desktop.storage.integrity import verify_vault
from desktop.storage.vault import Vault
from tests.conftest import PASSPHRASE, TEST_KDF_KIB
from tests.hardening.conftest import Tally
from tests.hardening.records import (
    Rows,
    add_phi,
    file_bytes,
    fresh_copy,
    open_verified,
    stored_rows,
)

HEADERS = (hdr.HEADER_NAME, hdr.HEADER_COPY_NAME)
DB = "confide.db"


def _made(folder: Path) -> tuple[Rows, str]:
    vault, recovery = Vault.create(folder, PASSPHRASE, kdf_memory_kib=TEST_KDF_KIB)
    with vault:
        return add_phi(vault), recovery


def _add_note(folder: Path, text: str) -> int:
    with Vault.open(folder, PASSPHRASE) as vault:
        client_id = next(iter(stored_rows(vault).clients))
        return NoteService(vault).add(client_id, date(2026, 2, 1), text)


def _edit_headers(folder: Path, change: Any, names: tuple[str, ...] = HEADERS) -> None:
    for name in names:
        fields = json.loads((folder / name).read_bytes())
        change(fields)
        fields["checksum"] = hdr.header_checksum(fields)
        (folder / name).write_bytes(json.dumps(fields, indent=2).encode())


def _refused(folder: Path, error: type[Exception], secret: str = PASSPHRASE) -> Exception:
    before = file_bytes(folder)
    with pytest.raises(error) as caught:
        Vault.open(folder, secret).lock()
    assert file_bytes(folder) == before, "a refused open changed a file"
    return caught.value


# ----- 1. a foreign primary header --------------------------------------------------------------


def test_foreign_primary_header_is_reported_and_both_files_are_kept(
    tmp_path: Path, tally: Tally
) -> None:
    rows, recovery = _made(tmp_path / "vault")
    _made(tmp_path / "other")  # same passphrase: a mis-copy or a sync conflict
    folder = tmp_path / "vault"
    foreign = (tmp_path / "other" / hdr.HEADER_NAME).read_bytes()
    (folder / hdr.HEADER_NAME).write_bytes(foreign)
    error = _refused(folder, ForeignHeaderError)
    assert hdr.HEADER_NAME in error.message and "different vault" in error.message
    before = file_bytes(folder)
    with pytest.raises(ForeignHeaderError):
        Vault.open_with_recovery(folder, recovery).lock()
    assert file_bytes(folder) == before
    # Moved away as the message says: the spare copy restores the vault with every row.
    (folder / hdr.HEADER_NAME).rename(tmp_path / "moved-aside.json")
    assert open_verified(folder) == rows
    assert (tmp_path / "moved-aside.json").read_bytes() == foreign
    tally.add("integrity.attacks")


# ----- 2. rollback: database and header from different moments -----------------------------------


def test_older_database_with_newer_header_is_refused_before_and_after_an_open(
    tmp_path: Path, tally: Tally
) -> None:
    folder = tmp_path / "vault"
    rows, _ = _made(folder)
    older_db = (folder / DB).read_bytes()
    note_id = _add_note(folder, "written after the copy was taken")
    newer_db = (folder / DB).read_bytes()
    (folder / DB).write_bytes(older_db)
    error = _refused(folder, DatabaseOlderThanHeaderError)
    assert "older than its header" in error.message
    _refused(folder, DatabaseOlderThanHeaderError)  # an ordinary open later: still refused
    (folder / DB).write_bytes(newer_db)
    restored = open_verified(folder)
    assert restored.notes[note_id] == "written after the copy was taken"
    assert rows.missing_from(restored) == 0
    tally.add("integrity.attacks")


def test_header_older_than_its_database_is_refused(tmp_path: Path, tally: Tally) -> None:
    folder = tmp_path / "vault"
    rows, _ = _made(folder)
    old_headers = {name: (folder / name).read_bytes() for name in HEADERS}
    _add_note(folder, "one")
    _add_note(folder, "two")
    current = {name: (folder / name).read_bytes() for name in HEADERS}
    for name, data in old_headers.items():
        (folder / name).write_bytes(data)
    error = _refused(folder, HeaderOlderThanDatabaseError)
    assert "older than its database" in error.message
    for name, data in current.items():
        (folder / name).write_bytes(data)
    assert rows.missing_from(open_verified(folder)) == 0
    tally.add("integrity.attacks")


@pytest.mark.parametrize("strip_mac", [False, True])
def test_null_seal_in_the_header_is_refused(strip_mac: bool, tmp_path: Path, tally: Tally) -> None:
    folder = tmp_path / "vault"
    rows, _ = _made(folder)
    pristine = {name: (folder / name).read_bytes() for name in HEADERS}

    def strip(fields: dict[str, Any]) -> None:
        fields["audit_head"] = None
        if strip_mac:  # made to look like a header from before the seal existed
            del fields["mac"], fields["generation"]

    _edit_headers(folder, strip)
    _refused(folder, SealMissingError if strip_mac else HeaderTamperedError)
    for name, data in pristine.items():
        (folder / name).write_bytes(data)
    assert rows.missing_from(open_verified(folder)) == 0
    tally.add("integrity.attacks")


def _bundle_members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as bundle:
        return {name: bundle.read(name) for name in bundle.namelist()}


def _rezip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as bundle:
        for name, payload in members.items():
            bundle.writestr(name, payload)
    return buffer.getvalue()


@pytest.mark.parametrize("strip_mac", [False, True])
def test_seal_stripped_bundle_is_refused(strip_mac: bool, tmp_path: Path, tally: Tally) -> None:
    folder = tmp_path / "vault"
    rows, _ = _made(folder)
    bundle = tmp_path / "b.confide-backup"
    with Vault.open(folder, PASSPHRASE) as vault:
        backup.create_backup(vault, bundle)
    members = _bundle_members(bundle.read_bytes())
    fields = json.loads(members[hdr.HEADER_NAME])
    fields["audit_head"] = None
    if strip_mac:
        del fields["mac"], fields["generation"]
    fields["checksum"] = hdr.header_checksum(fields)
    members[hdr.HEADER_NAME] = json.dumps(fields, indent=2).encode()
    manifest = json.loads(members["manifest.json"])
    manifest["header_sha256"] = hashlib.sha256(members[hdr.HEADER_NAME]).hexdigest()
    members["manifest.json"] = json.dumps(manifest).encode()
    bundle.write_bytes(_rezip(members))
    before = file_bytes(folder)
    with pytest.raises(BackupError, match="does not hold together"):
        restore_backup(bundle, folder, PASSPHRASE)
    assert file_bytes(folder) == before
    assert rows.missing_from(open_verified(folder)) == 0
    tally.add("integrity.attacks")


# ----- 4. key rotation --------------------------------------------------------------------------


def _sqlcipher_reads(path: Path, key: bytearray, salt: bytes) -> bool:
    connection = sqlcipher3.dbapi2.connect(str(path))
    try:
        connection.execute("PRAGMA cipher_log_level = NONE")
        connection.execute(f"PRAGMA key = \"x'{header_keys.sqlcipher_key_hex(key, salt)}'\"")
        connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return True
    except sqlcipher3.dbapi2.DatabaseError:
        return False
    finally:
        connection.close()


def test_old_header_after_passwd_rotate_no_longer_opens_current_data(
    tmp_path: Path, tally: Tally
) -> None:
    folder = tmp_path / "vault"
    rows, recovery = _made(folder)
    old_header = (folder / hdr.HEADER_NAME).read_bytes()
    old_key = header_keys.unwrap_with_passphrase(
        header_parse.header_from_bytes(old_header), PASSPHRASE
    )
    pass_file, new_file = tmp_path / "old.txt", tmp_path / "new.txt"
    pass_file.write_text(PASSPHRASE + "\n", encoding="utf-8")
    new_file.write_text("a rotated passphrase\n", encoding="utf-8")
    args = ["--vault", str(folder), "--passphrase-file", str(pass_file)]
    assert run(["passwd", "--rotate", *args, "--new-passphrase-file", str(new_file)]) == EXIT_OK
    assert not _sqlcipher_reads(
        folder / DB, old_key, header_parse.header_from_bytes(old_header).db_salt
    )
    current = {name: (folder / name).read_bytes() for name in HEADERS}
    for name in HEADERS:  # an old header put back (say from an old backup) with its passphrase
        (folder / name).write_bytes(old_header)
    _refused(folder, VaultDamagedError)
    with pytest.raises(VaultDamagedError):
        Vault.open_with_recovery(folder, recovery).lock()
    for name, data in current.items():
        (folder / name).write_bytes(data)
    with pytest.raises(WrongRecoveryKeyError):
        Vault.open_with_recovery(folder, recovery).lock()
    assert rows.missing_from(open_verified(folder, "a rotated passphrase")) == 0
    tally.add("integrity.attacks")


# ----- 5. KDF ceiling and downgrade -------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value"),
    [("iterations", 17), ("lanes", 17), ("memory_kib", 1024 * 1024 + 1024)],
)
def test_kdf_above_the_ceiling_is_refused_as_damage(
    field: str, value: int, tmp_path: Path, tally: Tally
) -> None:
    folder = tmp_path / "vault"
    rows, _ = _made(folder)
    pristine = {name: (folder / name).read_bytes() for name in HEADERS}
    _edit_headers(folder, lambda fields: fields["kdf"].__setitem__(field, value))
    error = _refused(folder, VaultDamagedError)
    assert "above the allowed maximum" in error.message
    for name, data in pristine.items():
        (folder / name).write_bytes(data)
    assert rows.missing_from(open_verified(folder)) == 0
    tally.add("integrity.attacks")


@pytest.fixture
def stronger_default() -> Iterator[kdf.KdfCost]:
    """This machine's default one pass above the floor (cheap), restored afterwards."""
    cost = kdf.KdfCost(kdf.KDF_FLOOR.memory_kib, kdf.KDF_FLOOR.iterations + 1, kdf.KDF_FLOOR.lanes)
    kdf.use_default_cost(cost)
    try:
        yield cost
    finally:
        kdf.use_default_cost(kdf.KDF_FLOOR)


def _stored_cost(folder: Path) -> kdf.KdfCost:
    stored = header_parse.header_from_bytes((folder / hdr.HEADER_NAME).read_bytes()).kdf
    return kdf.KdfCost(stored.memory_kib, stored.iterations, stored.lanes)


def test_recovery_after_a_kdf_downgrade_raises_the_cost(
    tmp_path: Path, stronger_default: kdf.KdfCost, tally: Tally
) -> None:
    folder = tmp_path / "vault"
    vault, recovery = Vault.create(folder, PASSPHRASE)  # at this machine's default
    with vault:
        rows = add_phi(vault)
    assert _stored_cost(folder) == stronger_default
    _edit_headers(folder, lambda f: f["kdf"].__setitem__("iterations", kdf.KDF_FLOOR.iterations))
    with Vault.open_with_recovery(folder, recovery) as recovered:
        recovered.set_new_passphrase("after the downgrade")
    assert _stored_cost(folder) == stronger_default
    assert rows.missing_from(open_verified(folder, "after the downgrade")) == 0
    # A vault made at a weaker cost is raised to the default at its next rewrap.
    weak = tmp_path / "weak"
    Vault.create(weak, PASSPHRASE, kdf_memory_kib=TEST_KDF_KIB)[0].lock()
    assert _stored_cost(weak) == kdf.KDF_FLOOR
    with Vault.open(weak, PASSPHRASE) as opened:
        opened.change_passphrase(PASSPHRASE, "raised on rewrap")
    assert _stored_cost(weak) == stronger_default
    tally.add("integrity.attacks")


# ----- 5. restore: size cap, memory, foreign targets, safety copy and confirmation ---------------


@pytest.fixture(scope="module")
def big_bundle(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Rows]:
    """A vault of ~8 MB (incompressible notes) and its bundle."""
    base = tmp_path_factory.mktemp("big")
    folder = base / "vault"
    vault, _ = Vault.create(folder, PASSPHRASE, kdf_memory_kib=TEST_KDF_KIB)
    with vault:
        rows = add_phi(vault)
        client_id = next(iter(rows.clients))
        notes = NoteService(vault)
        for index in range(40):
            text = hashlib.sha512(str(index).encode()).hexdigest() * 1500  # ~190 KB
            rows.notes[notes.add(client_id, date(2026, 1, 1), text)] = text
        backup.create_backup(vault, base / "big.confide-backup")
    return folder, base / "big.confide-backup", rows


def test_oversized_bundle_is_refused_with_bounded_memory(
    big_bundle: tuple[Path, Path, Rows], tmp_path: Path, tally: Tally
) -> None:
    pristine, bundle, rows = big_bundle
    folder = fresh_copy(pristine, tmp_path / "vault")
    before = file_bytes(folder)
    size = bundle.stat().st_size
    tracemalloc.start()
    try:
        with pytest.raises(BackupError, match="larger than any Confide vault"):
            restore_backup(bundle, folder, PASSPHRASE, max_bytes=size // 2)
        refused_peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.reset_peak()
        restore_backup(bundle, folder, PASSPHRASE)  # under the cap: streamed, not read whole
        restored_peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert size > 6 * 1024 * 1024
    assert refused_peak < 1024 * 1024
    assert restored_peak < size // 3, f"restore held {restored_peak} bytes of a {size} bundle"
    assert file_bytes(folder) != before
    assert rows.missing_from(open_verified(folder)) == 0
    tally.add("integrity.attacks")


def test_restore_over_a_foreign_database_without_headers_is_refused(
    tmp_path: Path, tally: Tally
) -> None:
    mine = tmp_path / "mine"
    _made(mine)
    bundle = tmp_path / "b.confide-backup"
    with Vault.open(mine, PASSPHRASE) as vault:
        backup.create_backup(vault, bundle)
    other = tmp_path / "other"
    other_rows, _ = _made(other)
    for name in HEADERS:  # headers lost: only the other vault's database is left
        (other / name).rename(tmp_path / f"other-{name}")
    before = file_bytes(other)
    with pytest.raises(BackupError, match="cannot tell apart"):
        restore_backup(bundle, other, PASSPHRASE)
    assert file_bytes(other) == before
    for name in HEADERS:
        (tmp_path / f"other-{name}").rename(other / name)
    assert other_rows.missing_from(open_verified(other)) == 0
    tally.add("integrity.attacks")


def test_restore_onto_a_live_vault_asks_and_keeps_a_safety_copy(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], tally: Tally
) -> None:
    folder = tmp_path / "vault"
    rows, _ = _made(folder)
    bundle = tmp_path / "b.confide-backup"
    with Vault.open(folder, PASSPHRASE) as vault:
        backup.create_backup(vault, bundle)
    note_id = _add_note(folder, "after the backup")
    before = file_bytes(folder)
    pass_file = tmp_path / "p.txt"
    pass_file.write_text(PASSPHRASE + "\n", encoding="utf-8")
    args = ["restore", str(bundle), "--vault", str(folder), "--passphrase-file", str(pass_file)]
    assert run(args) == EXIT_USAGE  # no terminal to ask: --yes is required
    shown = capsys.readouterr()
    assert "--yes" in shown.err and "Backup made:" in shown.out
    assert "1 client(s), 2 note(s)" in shown.out and "1 client(s), 1 note(s)" in shown.out
    assert file_bytes(folder) == before
    previews: list[RestorePreview] = []

    def decline(preview: RestorePreview) -> bool:
        previews.append(preview)
        return False

    with pytest.raises(RestoreCancelledError):
        restore_backup(bundle, folder, PASSPHRASE, confirm=decline)
    assert file_bytes(folder) == before
    assert previews[0].current is not None and previews[0].current.notes == 2
    assert previews[0].backup.notes == 1
    assert [p.name for p in tmp_path.iterdir() if "before-restore" in p.name] == []
    assert run([*args, "--yes"]) == EXIT_OK
    safety = next(p for p in tmp_path.iterdir() if "before-restore" in p.name)
    assert stat.S_IMODE(safety.stat().st_mode) == 0o700
    assert open_verified(safety).notes[note_id] == "after the backup"
    assert rows.missing_from(open_verified(folder)) == 0
    assert note_id not in open_verified(folder).notes
    tally.add("integrity.attacks")


def test_backup_into_an_existing_folder_keeps_its_mode(tmp_path: Path, tally: Tally) -> None:
    folder = tmp_path / "vault"
    _made(folder)
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o755)
    pass_file = tmp_path / "p.txt"
    pass_file.write_text(PASSPHRASE + "\n", encoding="utf-8")
    opened = ["--vault", str(folder), "--passphrase-file", str(pass_file)]
    assert run(["backup", "--out", str(shared / "b.confide-backup"), *opened]) == EXIT_OK
    assert stat.S_IMODE(shared.stat().st_mode) == 0o755
    created = tmp_path / "new" / "deeper"
    assert run(["backup", "--out", str(created / "b.confide-backup"), *opened]) == EXIT_OK
    assert stat.S_IMODE(created.stat().st_mode) == 0o700
    assert stat.S_IMODE((shared / "b.confide-backup").stat().st_mode) == 0o600
    shutil.rmtree(created.parent)
    tally.add("integrity.attacks")


# ----- 3. one page put back from an older copy --------------------------------------------------

PAGE = 4096


def _note_after_page_swap(folder: Path, note_id: int) -> str | None:
    """The note's text as the vault now shows it, or None if the vault does not open."""
    try:
        with Vault.open(folder, PASSPHRASE) as vault:
            return stored_rows(vault).notes.get(note_id)
    except VaultDamagedError:
        return None


def test_single_page_rollback_from_an_older_copy_is_found_by_verify(
    tmp_path: Path, tally: Tally
) -> None:
    folder = tmp_path / "vault"
    rows, _ = _made(folder)
    note_id = next(iter(rows.notes))
    older = (folder / DB).read_bytes()
    with Vault.open(folder, PASSPHRASE) as vault:
        NoteService(vault).update(note_id, "Revised: no threat was made")
    newer = (folder / DB).read_bytes()
    differing = [
        n
        for n in range(min(len(older), len(newer)) // PAGE)
        if older[n * PAGE : (n + 1) * PAGE] != newer[n * PAGE : (n + 1) * PAGE]
    ]
    attempt = tmp_path / "attempt"
    for number in differing:  # the attacker's search: the one page that reverts the note
        swapped = bytearray(newer)
        swapped[number * PAGE : (number + 1) * PAGE] = older[number * PAGE : (number + 1) * PAGE]
        fresh_copy(folder, attempt)
        (attempt / DB).write_bytes(bytes(swapped))
        if _note_after_page_swap(attempt, note_id) == rows.notes[note_id]:
            break
    else:
        pytest.fail("no single page reverted the note")
    with Vault.open(attempt, PASSPHRASE) as vault:
        result = verify_vault(vault)
    # SQLCipher's page MAC, integrity_check and the audit chain all accept the page ...
    assert result.database_ok and result.chain.ok
    # ... the row hash recorded by the audited edit does not.
    assert not result.ok
    assert f"notes #{note_id}" in result.summary and "older copy" in result.summary
    assert open_verified(folder).notes[note_id] == "Revised: no threat was made"
    tally.add("integrity.attacks")
