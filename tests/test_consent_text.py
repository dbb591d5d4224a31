"""Bundled consent and release texts, template parsing, rendering and fingerprints."""

from __future__ import annotations

import re

import pytest

from desktop.consent_text import (
    TemplateText,
    bundled_release_text,
    bundled_templates,
    content_hash,
    parse_template,
    placeholders,
    render,
)
from desktop.domain import ConfidentialityLimit
from desktop.errors import UserInputError

ADULT_PLACEHOLDERS = {
    "client_name",
    "practitioner_name",
    "practitioner_credentials",
    "jurisdiction_name",
    "effective_date",
}
MINOR_PLACEHOLDERS = ADULT_PLACEHOLDERS | {"guardian_name"}
RELEASE_PLACEHOLDERS = {
    "client_name",
    "practitioner_name",
    "recipient_name",
    "recipient_address",
    "information_description",
    "purpose",
    "expiry",
    "signer_name",
    "personal_representative_authority",
}

MINIMAL = """---
key: sample
title: Sample consent
for_minor: false
limits: danger_to_self, court_order
---
# Sample

Hello {{client_name}}.
"""


def _values(names: set[str]) -> dict[str, str]:
    return {name: f"<{name}>" for name in names}


def _by_key() -> dict[str, TemplateText]:
    return {template.key: template for template in bundled_templates()}


def _headings(body: str) -> list[str]:
    return [line.lstrip("#").strip() for line in body.splitlines() if line.startswith("#")]


def _section(body: str, heading: str) -> str:
    match = re.search(rf"^## {re.escape(heading)}\n(.*?)(?=^## |\Z)", body, re.S | re.M)
    assert match is not None, heading
    return match.group(1)


# --- bundled consent templates ---------------------------------------------------------------


def test_both_bundled_templates_parse() -> None:
    templates = _by_key()
    assert set(templates) == {"informed-consent-adult", "informed-consent-minor"}
    assert templates["informed-consent-adult"].for_minor is False
    assert templates["informed-consent-minor"].for_minor is True
    for template in templates.values():
        assert template.title


@pytest.mark.parametrize("template", bundled_templates(), ids=lambda t: t.key)
def test_template_covers_every_limit_with_a_heading(template: TemplateText) -> None:
    assert set(template.limits) == set(ConfidentialityLimit)
    headings = _headings(template.body)
    for limit in ConfidentialityLimit:
        assert limit.label in headings, limit
        section = _section(template.body, limit.label)
        assert "{{jurisdiction_name}}" in section, f"{limit.label} does not name the jurisdiction"


@pytest.mark.parametrize("template", bundled_templates(), ids=lambda t: t.key)
def test_template_has_the_required_sections(template: TemplateText) -> None:
    headings = _headings(template.body)
    for heading in (
        "What therapy here involves",
        "Confidentiality",
        "Psychotherapy notes",
        "Your rights",
        "Questions",
        "Signature",
    ):
        assert heading in headings
    text = template.body.lower()
    assert "not legal advice" in text
    assert "six years" in text
    assert "12-month period is free" in text
    assert "in writing" in text
    assert "pay for a session in full" in text


@pytest.mark.parametrize("template", bundled_templates(), ids=lambda t: t.key)
def test_template_is_markdown_lite(template: TemplateText) -> None:
    for line in template.body.splitlines():
        if line.startswith("#"):
            assert re.match(r"#{1,2} \S", line), line
        assert not line.startswith(("*", "|", ">", "```", "###")), line


@pytest.mark.parametrize("template", bundled_templates(), ids=lambda t: t.key)
def test_template_reads_in_under_ten_minutes(template: TemplateText) -> None:
    # About 200 words a minute for careful reading.
    assert len(template.body.split()) < 2000


def test_templates_have_exactly_the_expected_placeholders() -> None:
    templates = _by_key()
    assert placeholders(templates["informed-consent-adult"].body) == ADULT_PLACEHOLDERS
    assert placeholders(templates["informed-consent-minor"].body) == MINOR_PLACEHOLDERS


def test_minor_template_explains_what_a_guardian_can_see() -> None:
    body = _by_key()["informed-consent-minor"].body
    section = _section(body, "What a parent or guardian can and cannot see")
    assert "{{jurisdiction_name}}" in section
    assert "kept from a parent or guardian" in section


@pytest.mark.parametrize("template", bundled_templates(), ids=lambda t: t.key)
def test_templates_render_completely(template: TemplateText) -> None:
    rendered = render(template.body, _values(MINOR_PLACEHOLDERS))
    assert "{{" not in rendered
    assert "}}" not in rendered
    assert "<client_name>" in rendered
    assert "<jurisdiction_name>" in rendered


# --- bundled release ------------------------------------------------------------------------


def test_release_has_exactly_the_expected_placeholders() -> None:
    assert placeholders(bundled_release_text()) == RELEASE_PLACEHOLDERS


def test_release_has_the_required_statements() -> None:
    text = bundled_release_text()
    lowered = text.lower()
    assert "revoke" in lowered
    assert "signed, written note" in lowered
    assert "will not make your treatment, payment, or eligibility for benefits depend" in lowered
    assert "may no longer protect it" in lowered
    assert "not legal advice" in lowered
    rendered = render(text, _values(RELEASE_PLACEHOLDERS))
    assert "{{" not in rendered


# --- parse_template --------------------------------------------------------------------------


def test_parse_minimal_template() -> None:
    template = parse_template(MINIMAL)
    assert template == TemplateText(
        key="sample",
        title="Sample consent",
        for_minor=False,
        limits=(ConfidentialityLimit.DANGER_TO_SELF, ConfidentialityLimit.COURT_ORDER),
        body="# Sample\n\nHello {{client_name}}.\n",
    )


def test_parse_accepts_windows_line_endings() -> None:
    assert parse_template(MINIMAL.replace("\n", "\r\n")) == parse_template(MINIMAL)


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("# No front matter\n", "must start with"),
        ("---\nkey: a\ntitle: A\nfor_minor: false\nlimits: crime\n# never closed\n", "not closed"),
        (MINIMAL.replace("title: Sample consent\n", ""), "missing: title"),
        (MINIMAL.replace("limits: danger_to_self, court_order\n", ""), "missing: limits"),
        (MINIMAL.replace("court_order", "jaywalking"), "'jaywalking' is not a known limit"),
        (MINIMAL.replace("court_order", "danger_to_self"), "listed twice"),
        (MINIMAL.replace("court_order", ""), "empty entry"),
        (MINIMAL.replace("for_minor: false", "for_minor: maybe"), "true or false"),
        (MINIMAL.replace("key: sample", "key: Not A Slug"), "not valid"),
        (MINIMAL.replace("title: Sample consent", "title:"), "title is empty"),
        (MINIMAL.replace("for_minor: false", "for_minor: false\nauthor: me"), "unknown field"),
        (MINIMAL.replace("for_minor: false", "for_minor: false\nfor_minor: true"), "twice"),
        (MINIMAL.replace("for_minor: false", "for_minor false"), "not 'name: value'"),
        (MINIMAL.split("---\n# Sample", maxsplit=1)[0] + "---\n", "no text"),
        (MINIMAL.replace("{{client_name}}", "{{ Client Name }}"), "not written correctly"),
    ],
)
def test_parse_rejects_bad_templates(text: str, fragment: str) -> None:
    with pytest.raises(UserInputError) as caught:
        parse_template(text)
    assert fragment in caught.value.message


# --- placeholders and render -----------------------------------------------------------------


def test_placeholders_finds_names() -> None:
    assert placeholders("{{a}} and {{b_2}} and {{a}}") == {"a", "b_2"}
    assert placeholders("no placeholders") == set()


@pytest.mark.parametrize("body", ["{{client_name}", "{{", "}} stray", "{{Client}}", "{{a b}}"])
def test_placeholders_rejects_malformed(body: str) -> None:
    with pytest.raises(UserInputError):
        placeholders(body)


def test_render_refuses_a_placeholder_without_a_value() -> None:
    with pytest.raises(UserInputError) as caught:
        render("Dear {{client_name}}, from {{unknown_thing}}.", {"client_name": "Ana"})
    assert "{{unknown_thing}}" in caught.value.message
    assert "client_name" not in caught.value.message


def test_render_refuses_when_values_are_empty() -> None:
    with pytest.raises(UserInputError) as caught:
        render("Dear {{client_name}}.", {})
    assert "{{client_name}}" in caught.value.message


def test_render_never_raises_key_error() -> None:
    with pytest.raises(UserInputError):
        render("{{a}}{{b}}", {"a": "x"})


def test_render_inserts_values_literally() -> None:
    rendered = render(
        "Client: {{client_name}}; therapist: {{practitioner_name}}.",
        {"client_name": "{{practitioner_name}}", "practitioner_name": "Dr. Zoë Nguyễn \\1 $&"},
    )
    assert rendered == "Client: {{practitioner_name}}; therapist: Dr. Zoë Nguyễn \\1 $&."


def test_render_ignores_extra_values() -> None:
    assert render("Hi {{client_name}}", {"client_name": "Li", "guardian_name": "Mo"}) == "Hi Li"


# --- content_hash ----------------------------------------------------------------------------


def test_content_hash_is_stable_across_line_endings() -> None:
    text = "Line one\nLine two\n\nLine four\n"
    assert content_hash(text) == content_hash(text.replace("\n", "\r\n"))
    assert content_hash(text) == content_hash(text.replace("\n", "\r"))


def test_content_hash_is_sha256_hex_of_utf8() -> None:
    assert content_hash("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    assert len(content_hash("Zoë")) == 64
    assert content_hash("a") != content_hash("b")
