"""The "How to check this report" page at the end of the counsel report.

Plain instructions for counsel: what the content fingerprint is, how to look at the signature
in a common PDF reader, and the certificate fingerprint to compare with the one the clinician
gives them by another channel.
"""

from __future__ import annotations

from desktop.reports.document import ReportBuilder
from desktop.storage.certificates import spaced

HEADING = "How to check this report"
_STEPS = (
    (
        "1. The signature",
        "Confide signed this file with the clinician's own key when it was exported "
        "(a PAdES digital signature). Open it in a PDF reader that shows signatures, such as "
        "Adobe Acrobat Reader: the signature panel names the signer, the time of signing "
        "(from the clinician's computer clock; no outside time-stamping service is used) and "
        "the reason, and says whether the document was changed after it was signed. The "
        "certificate is the clinician's own (self-signed), so the reader may call the "
        "signer's identity \"unknown\" until you compare the certificate's fingerprint as in "
        "step 2; that is expected.",
    ),
    (
        "2. Whose signature it is",
        "In the signature's certificate details, find the SHA-256 fingerprint (some readers "
        "call it the SHA-256 digest) and compare it "
        "with the one below and with the one the clinician gave you by another channel "
        "(telephone, in person, or a certificate file they sent). A forger could print any "
        "number on a page, so the channel matters: only a match with what the clinician "
        "told you proves who signed it.",
    ),
    (
        "3. The content fingerprint",
        "The content fingerprint printed below is a SHA-256 digest of this report's text and "
        "images, in order. The same number is recorded in the clinician's audit log when the "
        "report is exported, so the clinician can show which export this is.",
    ),
    (
        "4. With Confide",
        "Anyone with Confide can run: confide verify-report REPORT.pdf --cert CERTIFICATE.pem "
        "(the certificate file the clinician exported). It says one of: valid and unchanged; "
        "changed after signing; signed by another identity; not a Confide report.",
    ),
)


def add_how_to_check(builder: ReportBuilder, certificate_fingerprint: str) -> None:
    """Add the page (after a page break) with the signer's certificate fingerprint."""
    builder.page_break()
    builder.heading(HEADING)
    for title, text in _STEPS:
        builder.heading(title, 3)
        builder.paragraph(text)
    builder.fields(
        [("Signer's certificate fingerprint (SHA-256)", spaced(certificate_fingerprint))]
    )
