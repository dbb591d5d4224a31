"""New-passphrase fields: passphrase, confirmation and a strength meter.

The meter is a rough, offline estimate: length and variety of characters with penalties for
repetition and sequences, and for passphrases made of words, about 13 bits per word (as if
each were picked at random from a list of common words). It only guides; the vault's rule is
at least 10 characters.
"""

from __future__ import annotations

import math
import string
import unicodedata
from dataclasses import dataclass

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QProgressBar, QWidget

from desktop.storage.header_keys import MIN_PASSPHRASE_CHARS
from desktop.ui.widgets.accessibility import named

_LABELS = ("Too short", "Weak", "Fair", "Strong", "Very strong")
_BIT_STEPS = (0, 45, 65, 85)
_BITS_PER_WORD = 13.0  # a word drawn at random from a list of about 8,000 common words


@dataclass(frozen=True)
class Strength:
    score: int  # 0 (too short) to 4 (very strong)
    label: str
    bits: float


def estimate_strength(passphrase: str) -> Strength:
    """Estimate how hard ``passphrase`` is to guess; score 0 means shorter than the minimum."""
    text = unicodedata.normalize("NFC", passphrase)
    if len(text) < MIN_PASSPHRASE_CHARS:
        return Strength(0, _LABELS[0], 0.0)
    bits = _effective_length(text) * math.log2(_pool_size(text))
    words = text.split()
    if len(words) >= 2:
        bits = min(bits, len(words) * _BITS_PER_WORD + _extras(text))
    score = 1 + sum(1 for step in _BIT_STEPS[1:] if bits >= step)
    return Strength(score, _LABELS[score], bits)


def _extras(text: str) -> float:
    """A little credit for digits, capitals and symbols mixed into a passphrase of words."""
    kinds = (str.isdigit, str.isupper, lambda c: c in string.punctuation)
    return sum(3.0 for kind in kinds if any(kind(c) for c in text))


def _pool_size(text: str) -> int:
    pools = [
        (string.ascii_lowercase, 26),
        (string.ascii_uppercase, 26),
        (string.digits, 10),
        (" ", 1),
        (string.punctuation, 33),
    ]
    size = sum(count for chars, count in pools if any(c in chars for c in text))
    if any(ord(c) > 127 for c in text):
        size += 100
    return max(size, 2)


def _effective_length(text: str) -> float:
    """Length, counting repeated characters and simple runs (abc, 123, aaa) at half weight."""
    length = 0.0
    for index, char in enumerate(text):
        previous = text[index - 1] if index else ""
        run = previous and (char == previous or ord(char) - ord(previous) in (1, -1))
        length += 0.5 if run else 1.0
    return length


class PassphraseFields(QWidget):
    """Passphrase + confirmation with a live strength meter; ``changed`` on every keystroke."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.passphrase = self._secret_field("New passphrase")
        self.confirmation = self._secret_field("Repeat the new passphrase")
        self.meter = named(QProgressBar(), "Passphrase strength")
        self.meter.setRange(0, 4)
        self.meter.setTextVisible(True)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.form = form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow("&Passphrase", self.passphrase)
        form.addRow("&Repeat it", self.confirmation)
        form.addRow("Strength", self.meter)
        form.addRow("", self.hint)
        self._update()

    def _secret_field(self, name: str) -> QLineEdit:
        field = named(QLineEdit(), name)
        field.setEchoMode(QLineEdit.EchoMode.Password)
        field.textChanged.connect(self._update)
        return field

    def _update(self) -> None:
        strength = estimate_strength(self.passphrase.text())
        self.meter.setValue(strength.score)
        self.meter.setFormat(strength.label)
        self.meter.setProperty("strength", strength.score)
        self.meter.style().unpolish(self.meter)
        self.meter.style().polish(self.meter)
        self.hint.setText(self.problem() or "The passphrases match.")
        self.changed.emit()

    def problem(self) -> str:
        """A plain sentence saying what is still wrong, or "" when the fields are acceptable."""
        text = self.passphrase.text()
        if len(unicodedata.normalize("NFC", text)) < MIN_PASSPHRASE_CHARS:
            return (
                f"Use at least {MIN_PASSPHRASE_CHARS} characters. "
                "A few unrelated words make a passphrase that is long and easy to remember."
            )
        if text != self.confirmation.text():
            return "The two passphrases do not match yet."
        return ""

    def is_acceptable(self) -> bool:
        return not self.problem()

    def value(self) -> str:
        return self.passphrase.text()

    def clear(self) -> None:
        self.passphrase.clear()
        self.confirmation.clear()
