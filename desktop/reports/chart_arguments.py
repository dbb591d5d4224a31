"""The options of ``confide report chart``, kept apart so building the parser stays light."""

from __future__ import annotations

import argparse

from desktop.domain import LegalBasis, RecipientRole


def add_chart_arguments(report: argparse.ArgumentParser) -> None:
    """The options of ``confide report chart``: psychotherapy notes and the recipient."""
    chart = report.add_argument_group("client chart (report chart CLIENT_ID)")
    chart.add_argument(
        "--include-psychotherapy-notes",
        action="store_true",
        help="put psychotherapy notes in the chart (left out unless given)",
    )
    chart.add_argument(
        "--disclosed-to", metavar="NAME", help="record the chart as a disclosure to NAME"
    )
    chart.add_argument(
        "--recipient-role",
        choices=[role.value for role in RecipientRole],
        default=RecipientRole.OTHER.value,
        help="who NAME is (default: other)",
    )
    chart.add_argument(
        "--legal-basis",
        choices=[basis.value for basis in LegalBasis],
        help="HIPAA basis of the disclosure, e.g. 164.508 (a signed authorization)",
    )
    chart.add_argument("--purpose", metavar="TEXT", help="why the chart is disclosed")
    chart.add_argument(
        "--minimum-necessary", metavar="TEXT", default="", help="why all of it is needed"
    )
