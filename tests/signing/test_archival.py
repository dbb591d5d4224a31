"""Unencrypted reports are PDF/A-2b (checked by the page-validation validator); encrypted are not.

page-validation (PyPI ``page-validation``, Rust) implements the veraPDF rule set for PDF/A-1
to 3 and passes the veraPDF and Isartor corpora; veraPDF itself is Java and not installable
from the registries here. The signature must stay valid after the check.
"""

from __future__ import annotations

import io
import re

import page
import pytest
from pypdf import PdfReader

from desktop.reports.verification import KnownCertificate, Verdict, verify_pdf
from desktop.storage.certificates import load_certificate_bytes
from tests.signing.conftest import KINDS, REPORT_PASSWORD, Exported
from tests.support.cases import CLINICIAN


@pytest.mark.parametrize("kind", KINDS)
def test_every_unencrypted_report_kind_is_pdfa_2b_and_stays_valid(
    exported: Exported, kind: str
) -> None:
    path = exported.reports[kind]
    before = path.read_bytes()

    report = page.validate_pdf(path, profile=page.ValidationProfile.PDF_A_2B)

    failures = [f"{f.rule_id}: {f.message}" for f in report.failures]
    assert report.is_compliant, failures
    assert report.rules.failed == 0 and report.rules.passed > 0
    assert path.read_bytes() == before
    known = [KnownCertificate(load_certificate_bytes(exported.certificate.read_bytes()), "file")]
    assert verify_pdf(before, known).verdict is Verdict.VALID


def test_archival_metadata_names_title_author_dates_and_producer(exported: Exported) -> None:
    reader = PdfReader(exported.reports["consent"])
    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode()
    for field, value in [("pdfaid:part", "2"), ("pdfaid:conformance", "B")]:
        assert re.search(f'{field}(="|>){value}', xmp), field  # attribute or element form
    assert re.search(r'xmp:CreateDate(="|>)\d{4}-', xmp) and "pdf:Producer" in xmp
    assert "Signed consent" in xmp and CLINICIAN in xmp
    intent = reader.trailer["/Root"]["/OutputIntents"][0].get_object()
    assert intent["/S"] == "/GTS_PDFA1" and len(intent["/DestOutputProfile"].get_data()) > 3000
    assert reader.metadata is not None and reader.metadata.author == CLINICIAN


def test_a_password_protected_report_claims_no_pdfa(exported: Exported) -> None:
    data = exported.encrypted.read_bytes()
    reader = PdfReader(io.BytesIO(data), password=REPORT_PASSWORD)
    assert reader.is_encrypted
    metadata = reader.trailer["/Root"].get("/Metadata")
    xmp = metadata.get_object().get_data().decode() if metadata is not None else ""
    assert "pdfaid" not in xmp
    assert "/OutputIntents" not in reader.trailer["/Root"]
