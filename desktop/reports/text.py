"""User text for reportlab: cleaning, escaping and per-glyph font fallback.

reportlab's ``Paragraph`` parses markup (``<a href>``, ``<img src>``, entities), so
user text must never reach it raw. :func:`rich` is the only way user text becomes
markup: it cleans, escapes and wraps each run of characters in the first shipped
font that has the glyphs (reportlab has no font fallback of its own).

Importing this module also hardens reportlab's process-wide settings
(:func:`_harden_reportlab`) and fixes its ToUnicode maps for characters outside
the Basic Multilingual Plane (emoji), so they extract from the PDF as themselves.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from xml.sax.saxutils import escape

import reportlab.pdfbase.ttfonts as rl_ttfonts
from reportlab import rl_config
from reportlab.pdfbase import pdfmetrics

from desktop.resources import resource_path

REGULAR_FONT = "Confide-DejaVuSans"
BOLD_FONT = "Confide-DejaVuSans-Bold"
CJK_FONT = "Confide-DroidSansFallback"
SYMBOL_FONT = "Confide-Symbola"

_FONT_FILES = {
    REGULAR_FONT: "DejaVuSans.ttf",
    BOLD_FONT: "DejaVuSans-Bold.ttf",
    CJK_FONT: "DroidSansFallbackFull.ttf",
    SYMBOL_FONT: "Symbola.ttf",
}
_REGULAR_ORDER = (REGULAR_FONT, CJK_FONT, SYMBOL_FONT)
_BOLD_ORDER = (BOLD_FONT, REGULAR_FONT, CJK_FONT, SYMBOL_FONT)
_REPLACEMENT = "\ufffd"

_LINE_BREAKS = str.maketrans({"\r": "\n", "\x85": "\n", "\u2028": "\n", "\u2029": "\n"})
# What clean_text drops (category Cc except \n and \t, and the bidi controls) and what it
# replaces (category Cs, lone surrogates), as patterns so long text is cleaned at C speed.
_DROPPED = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_SURROGATES = re.compile("[\ud800-\udfff]")


def clean_text(s: str) -> str:
    """Return ``s`` without control characters, bidi overrides or lone surrogates.

    Keeps ``\\n`` and ``\\t``. Line breaks written as CR LF, CR, NEL, U+2028 or U+2029
    become ``\\n``. Other C0/C1 controls and DEL, and the bidi embedding, override
    and isolate controls (U+202A-202E, U+2066-2069) are removed. A lone surrogate
    (undecodable input) becomes U+FFFD so the text always encodes as UTF-8.
    """
    text = s.replace("\r\n", "\n").translate(_LINE_BREAKS)
    return _SURROGATES.sub(_REPLACEMENT, _DROPPED.sub("", text))


def rich(s: str, bold: bool = False) -> str:
    """Return reportlab Paragraph markup showing the user text ``s`` literally.

    The only tags in the result are ``<font name="...">`` (our own font names) and
    ``<br/>`` for line breaks; everything the user typed is escaped.
    """
    fonts = registered_fonts()
    order = _BOLD_ORDER if bold else _REGULAR_ORDER
    lines = clean_text(s).split("\n")
    return "<br/>".join(_line_markup(line, order, fonts) for line in lines)


def _line_markup(line: str, order: tuple[str, ...], fonts: FontSet) -> str:
    return "".join(
        f'<font name="{name}">{escape(run)}</font>' for name, run in _runs(line, order, fonts)
    )


def _runs(line: str, order: tuple[str, ...], fonts: FontSet) -> Iterator[tuple[str, str]]:
    """Split ``line`` into (font name, text) runs by which font has each glyph."""
    current = order[0]
    if all(fonts.covers(current, ord(ch)) for ch in set(line)):
        if line:
            yield current, line  # the common case: one font draws it all
        return
    run: list[str] = []
    for ch in line:
        font, shown = _font_for(ch, current, order, fonts)
        if not shown:
            continue
        if font != current and run:
            yield current, "".join(run)
            run = []
        current = font
        run.append(shown)
    if run:
        yield current, "".join(run)


def _font_for(ch: str, current: str, order: tuple[str, ...], fonts: FontSet) -> tuple[str, str]:
    """Pick the font for ``ch`` and what to draw for it (it may be dropped or replaced)."""
    cp = ord(ch)
    if _sticks_to_run(ch) and fonts.covers(current, cp):
        return current, ch
    for name in order:
        if fonts.covers(name, cp):
            return name, ch
    if unicodedata.category(ch) in ("Cf", "Mn"):
        return current, ""  # e.g. emoji variation selector or joiner no font draws
    return order[0], _REPLACEMENT


def _sticks_to_run(ch: str) -> bool:
    """Spaces and combining marks stay in the font of the text around them."""
    return ch.isspace() or unicodedata.category(ch) in ("Mn", "Me")


@dataclass(frozen=True)
class FontSet:
    """The registered report fonts and the code points each one can draw."""

    coverage: dict[str, frozenset[int]]

    def covers(self, name: str, code_point: int) -> bool:
        return code_point in self.coverage[name]


_fonts_lock = threading.Lock()
_fonts: FontSet | None = None


def registered_fonts() -> FontSet:
    """Register the shipped fonts with reportlab once (thread-safe) and return them."""
    global _fonts  # noqa: PLW0603 - a lazily built, process-wide font registry
    with _fonts_lock:
        if _fonts is None:
            _fonts = FontSet({name: _register(name, file) for name, file in _FONT_FILES.items()})
        return _fonts


def _register(name: str, file_name: str) -> frozenset[int]:
    font = rl_ttfonts.TTFont(name, str(resource_path("fonts", file_name)))
    pdfmetrics.registerFont(font)
    glyphs: dict[int, int] = font.face.charToGlyph
    return frozenset(cp for cp, glyph in glyphs.items() if glyph != 0)


def _harden_reportlab() -> None:
    """Make reportlab fetch nothing from a URL and evaluate no expressions in colours.

    ``trustedSchemes``/``trustedHosts`` only guard URL fetches: a plain local path in
    ``<img src>`` is opened regardless, which is why :func:`rich` escapes everything.
    """
    rl_config.trustedSchemes = []
    rl_config.trustedHosts = None
    rl_config.toColorCanUse = None


def _to_unicode_cmap(fontname: str, subset: list[int]) -> str:
    """reportlab's ToUnicode CMap, with code points above U+FFFF written as UTF-16.

    reportlab 5.1 writes them as five hex digits (``<1F642>``), which is invalid: PDF
    readers then lose emoji on copy and text extraction.
    """
    entries = [
        f"<{i:02X}> <{chr(cp).encode('utf-16-be').hex().upper()}>" for i, cp in enumerate(subset)
    ]
    blocks = [entries[i : i + 100] for i in range(0, len(entries), 100)]  # at most 100 per block
    body = [line for block in blocks for line in (f"{len(block)} beginbfchar", *block, "endbfchar")]
    head = [
        "/CIDInit /ProcSet findresource begin",
        "12 dict begin",
        "begincmap",
        "/CIDSystemInfo",
        f"<< /Registry ({fontname})",
        f"/Ordering ({fontname})",
        "/Supplement 0",
        ">> def",
        f"/CMapName /{fontname} def",
        "/CMapType 2 def",
        "1 begincodespacerange",
        f"<00> <{len(subset) - 1:02X}>",
        "endcodespacerange",
    ]
    tail = ["endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"]
    return "\n".join(head + body + tail)


_harden_reportlab()
rl_ttfonts.makeToUnicodeCMap = _to_unicode_cmap
