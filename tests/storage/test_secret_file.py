"""One reader for passphrase, recovery-key and password files: bounded, first line, no content."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.storage.secret_file import MAX_SECRET_CHARS, SecretFileError, read_secret_file


@pytest.mark.parametrize(
    ("content", "secret"),
    [
        (b"secret\n", "secret"),
        (b"secret\r\nsecond line\n", "secret"),
        (b"\xef\xbb\xbfwritten by Notepad\r\n", "written by Notepad"),
        (b"  spaces kept  ", "  spaces kept  "),
    ],
)
def test_the_first_line_is_the_secret(tmp_path: Path, content: bytes, secret: str) -> None:
    path = tmp_path / "secret.txt"
    path.write_bytes(content)
    assert read_secret_file(path, "passphrase") == secret


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"", "is empty"),
        (b"\nJane Roe\n", "is empty"),
        (b"\xff\xfeJane Roe", "could not be read as UTF-8 text"),
        (b"J" * (MAX_SECRET_CHARS + 10), "is too long"),
    ],
)
def test_a_bad_file_is_refused_without_its_content(
    tmp_path: Path, content: bytes, problem: str
) -> None:
    path = tmp_path / "for-jane-roe.txt"
    path.write_bytes(content)
    with pytest.raises(SecretFileError) as named:
        read_secret_file(path, "passphrase")
    assert problem in named.value.message and str(path) in named.value.message
    with pytest.raises(SecretFileError) as unnamed:
        read_secret_file(path, "password", name_the_file=False)
    assert problem in unnamed.value.message
    assert "jane" not in str(unnamed.value).lower()
    assert "Jane Roe" not in str(named.value)


def test_a_missing_file_and_a_folder_are_refused(tmp_path: Path) -> None:
    with pytest.raises(SecretFileError, match="does not exist"):
        read_secret_file(tmp_path / "missing.txt", "recovery key")
    with pytest.raises(SecretFileError, match="is a folder, not a file"):
        read_secret_file(tmp_path, "recovery key")
