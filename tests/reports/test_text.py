"""User text becomes safe reportlab markup: cleaned, escaped, one font per run."""

from __future__ import annotations

import re
import threading

import pytest
from reportlab import rl_config
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph

from desktop.reports.text import (
    BOLD_FONT,
    CJK_FONT,
    REGULAR_FONT,
    SYMBOL_FONT,
    FontSet,
    clean_text,
    registered_fonts,
    rich,
)

NASTY = [
    "<b>bold?</b>",
    "&amp; &lt; &#60; &nbsp;",
    "<font size=40>big</font>",
    "<img src='/etc/passwd'/>",
    '<a href="http://x">link</a>',
    "<para><br/></para>",
    "]]><!-- -->",
    "\x00NUL \x1b[31m \x7f \x9b",
    "\u202eevil\u202c \u2066iso\u2069",
]

TAG = re.compile(r"<\s*/?\s*([A-Za-z_][\w:-]*)")


@pytest.mark.parametrize(
    ("raw", "cleaned"),
    [
        ("a\x00b", "ab"),
        ("keep\ttab\nnewline", "keep\ttab\nnewline"),
        ("crlf\r\nline", "crlf\nline"),
        ("old mac\rline", "old mac\nline"),
        ("u2028\u2028u2029\u2029nel\x85", "u2028\nu2029\nnel\n"),
        ("bell\x07esc\x1bdel\x7fc1\x9b", "bellescdelc1"),
        ("\u202aL\u202bR\u202cP\u202dO\u202eO\u2066I\u2067I\u2068F\u2069", "LRPOOIIF"),
        ("lone \ud800 surrogate", "lone \ufffd surrogate"),
        ("Zoë Nguyễn 李小龙 🙂", "Zoë Nguyễn 李小龙 🙂"),
    ],
)
def test_clean_text(raw: str, cleaned: str) -> None:
    assert clean_text(raw) == cleaned


@pytest.mark.parametrize("text", NASTY)
@pytest.mark.parametrize("bold", [False, True])
def test_rich_emits_only_our_font_and_br_tags(text: str, bold: bool) -> None:
    markup = rich(text + "\nsecond line", bold=bold)
    assert set(TAG.findall(markup)) <= {"font", "br"}
    names = set(re.findall(r'<font name="([^"]+)">', markup))
    assert names <= {REGULAR_FONT, BOLD_FONT, CJK_FONT, SYMBOL_FONT}
    assert markup.count("<br/>") == 1


def test_rich_escapes_markup_and_entities() -> None:
    markup = rich("<b>x</b> &amp; <img src='/etc/passwd'>")
    assert "&lt;b&gt;x&lt;/b&gt; &amp;amp; &lt;img src='/etc/passwd'&gt;" in markup


def test_rich_markup_parses_back_to_the_literal_text() -> None:
    text = "<b>x</b> &amp; <font size=40> Zoë 李 🙂"
    paragraph = Paragraph(rich(text), ParagraphStyle("t", fontName=REGULAR_FONT))
    assert "".join(fragment.text for fragment in paragraph.frags) == text


def test_rich_removes_controls_and_bidi_overrides() -> None:
    markup = rich("a\x00b\u202ec\u2066d")
    assert re.sub(r"<[^>]+>", "", markup) == "abcd"


def test_runs_follow_font_coverage() -> None:
    markup = rich("Zoë Nguyễn 李小龙 🙂")
    assert f'<font name="{REGULAR_FONT}">Zoë Nguyễn </font>' in markup
    assert f'<font name="{CJK_FONT}">李小龙 </font>' in markup
    assert f'<font name="{SYMBOL_FONT}">🙂</font>' in markup


def test_bold_uses_the_bold_face_for_latin_only() -> None:
    markup = rich("Name 李", bold=True)
    assert markup == f'<font name="{BOLD_FONT}">Name </font><font name="{CJK_FONT}">李</font>'


def test_combining_mark_stays_with_its_letter() -> None:
    assert rich("e\u0301") == f'<font name="{REGULAR_FONT}">e\u0301</font>'


def test_character_no_font_has_is_shown_as_replacement() -> None:
    assert rich("x\U0001f970y") == f'<font name="{REGULAR_FONT}">x\ufffdy</font>'


def test_invisible_format_character_no_font_has_is_dropped() -> None:
    assert rich("flag\U000e0067") == f'<font name="{REGULAR_FONT}">flag</font>'


def test_empty_text_gives_empty_markup() -> None:
    assert rich("") == ""


def test_reportlab_trusts_no_url_scheme() -> None:
    assert rl_config.trustedSchemes == []
    assert not rl_config.trustedHosts
    assert rl_config.toColorCanUse is None


def test_fonts_register_once_across_threads() -> None:
    results: list[FontSet] = []
    threads = [
        threading.Thread(target=lambda: results.append(registered_fonts())) for _ in range(8)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(results) == 8
    assert all(result is results[0] for result in results)
    assert ord("李") in results[0].coverage[CJK_FONT]
