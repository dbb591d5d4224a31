"""Typed errors. Every message is plain language and never carries client data or key material."""

from __future__ import annotations


class ConfideError(Exception):
    """Base of every error Confide raises on purpose.

    ``message`` says what happened; ``advice`` says what the person can do next.
    Neither may contain client information, a passphrase, a key or a file's content.
    """

    default_advice = ""

    def __init__(self, message: str, advice: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.advice = advice if advice is not None else self.default_advice

    def __str__(self) -> str:
        return f"{self.message} {self.advice}".strip()


class UserInputError(ConfideError):
    """Something typed or chosen is not valid; nothing was changed."""


class VaultError(ConfideError):
    """Base of the vault's errors."""


class WrongPassphraseError(VaultError):
    default_advice = "Check the passphrase (and Caps Lock) and try again, or use your recovery key."


class WrongRecoveryKeyError(VaultError):
    default_advice = "Check each group of the recovery key and try again."


class VaultDamagedError(VaultError):
    default_advice = "Restore the vault from your most recent backup."


class VaultMissingError(VaultError):
    default_advice = "Check the vault location, or restore from a backup."


class VaultExistsError(VaultError):
    default_advice = "Choose an empty folder for a new vault."


class VaultInUseError(VaultError):
    default_advice = (
        "Close the other Confide window or command that has this vault open, then try again."
    )


class VaultLockedError(VaultError):
    default_advice = "Unlock the vault first."


class VaultReadOnlyError(VaultError):
    default_advice = "Move the vault to a folder you can write to, or check the disk's permissions."


class DiskFullError(ConfideError):
    default_advice = "Free some disk space, then try again. Nothing was changed."


class BackupError(ConfideError):
    default_advice = "Choose another backup file; your current vault was not changed."


class ImmutableRecordError(ConfideError):
    default_advice = "Signed and finalized records cannot change. Add an addendum instead."


class NotFoundError(ConfideError):
    """A record asked for by id does not exist."""


class WorkflowError(ConfideError):
    """A workflow step or sign-off cannot proceed as asked."""


class IntegrityCheckError(ConfideError):
    """The audit chain or the database failed verification."""


class ForeignHeaderError(VaultDamagedError):
    """A header file in the folder belongs to another vault; nothing was changed."""

    default_advice = (
        "Move that file somewhere safe (it may be the only key to the other vault), "
        "then open this vault again: Confide restores the file from its spare copy."
    )


class VaultRollbackError(VaultDamagedError):
    """The header and the database are not from the same moment, or the seal is gone."""

    default_advice = (
        "Nothing was changed. Put back the newest copies of the vault's files, or restore "
        "from your most recent backup."
    )


class DatabaseOlderThanHeaderError(VaultRollbackError):
    """The database is older than the header that sealed it."""


class HeaderOlderThanDatabaseError(VaultRollbackError):
    """The header is older than the database it should open."""


class SealMissingError(VaultRollbackError):
    """The header carries no seal although the database has been sealed."""


class HeaderTamperedError(VaultRollbackError):
    """The header's MAC does not match: it was changed by something other than Confide."""


class EditConflictError(ConfideError):
    """Someone changed the record after it was opened here; nothing was saved over it."""

    default_advice = (
        "Reload the record to see their change, then make yours again. Nothing was overwritten."
    )
