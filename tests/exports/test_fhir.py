"""FHIR R4 export: each client's Bundle validates with fhir.resources' R4B models, and the
codes and Consent invariants that library does not check are checked here."""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fhir.resources.R4B.bundle import Bundle

from desktop.cli import EXIT_OK, run
from desktop.demo import DEMO_PASSPHRASE
from desktop.exports import fhir
from desktop.services.exports import fhir_bundles
from desktop.storage.vault import Vault
from tests.conftest import copy_vault

CONSENT_STATUS = {"draft", "proposed", "active", "rejected", "inactive", "entered-in-error"}
SCOPES = {"adr", "research", "patient-privacy", "treatment"}
CATEGORIES = {"59284-0", "64292-6"}
SIGNATURE_CODES = {fhir.CONSENT_SIGNATURE, fhir.VERIFICATION_SIGNATURE}


@pytest.fixture(scope="module")
def bundles(
    demo_template: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[dict[int, dict[str, Any]]]:
    folder = copy_vault(demo_template, tmp_path_factory.mktemp("fhir") / "demo")
    with Vault.open(folder, DEMO_PASSPHRASE) as vault:
        yield fhir_bundles(vault)


def resources(bundle: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == kind]


def test_every_bundle_validates_with_the_r4b_models(bundles: dict[int, dict[str, Any]]) -> None:
    assert len(bundles) == 14
    for bundle in bundles.values():
        parsed = Bundle.model_validate(bundle)
        assert parsed.type == "collection"
        assert len(resources(bundle, "Patient")) == 1


def test_the_demo_bundles_hold_every_kind_of_resource(bundles: dict[int, dict[str, Any]]) -> None:
    kinds = {e["resource"]["resourceType"] for b in bundles.values() for e in b["entry"]}
    expected = {"Patient", "RelatedPerson", "Consent", "DocumentReference", "Provenance"}
    assert expected | {"AuditEvent"} <= kinds


def test_codes_and_consent_invariants(bundles: dict[int, dict[str, Any]]) -> None:
    for bundle in bundles.values():
        ids = {f"{e['resource']['resourceType']}/{e['resource']['id']}" for e in bundle["entry"]}
        for consent in resources(bundle, "Consent"):
            assert consent["status"] in CONSENT_STATUS
            [scope] = consent["scope"]["coding"]
            assert scope["system"] == fhir.CONSENT_SCOPE and scope["code"] in SCOPES
            assert {c["code"] for c in consent["category"][0]["coding"]} <= CATEGORIES
            assert consent.get("policy") or consent.get("policyRule")  # ppc-1
            assert consent["patient"]["reference"] in ids  # ppc-2..5: a patient
            if scope["code"] == "patient-privacy":
                assert consent["policyRule"]["coding"][0]["code"] == "hipaa-auth"
                assert consent["provision"]["action"][0]["coding"][0]["code"] == "disclose"
            else:
                assert consent["sourceReference"]["reference"] in ids
        for provenance in resources(bundle, "Provenance"):
            assert provenance["target"][0]["reference"] in ids
            for signature in provenance["signature"]:
                assert signature["type"][0]["system"] == fhir.SIGNATURE_TYPE
                assert signature["type"][0]["code"] in SIGNATURE_CODES
                assert base64.b64decode(signature["data"]).startswith(b"\x89PNG")
        for event in resources(bundle, "AuditEvent"):
            assert event["type"]["code"] == "110106" and event["action"] == "R"
            assert event["outcome"] == "0"
            roles = {a["type"]["coding"][0]["code"] for a in event["agent"]}
            assert roles == {"110153", "110152"}
        for document in resources(bundle, "DocumentReference"):
            data = base64.b64decode(document["content"][0]["attachment"]["data"])
            assert data.startswith(b"%PDF")


def test_no_progress_or_psychotherapy_note_text_in_bundles(
    bundles: dict[int, dict[str, Any]],
) -> None:
    text = json.dumps(bundles)
    assert "demo psychotherapy note" not in text and "breathing routine" not in text


def test_cli_writes_one_bundle_per_client(
    demo_template: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = copy_vault(demo_template, tmp_path / "demo")
    secret = tmp_path / "pass.txt"
    secret.write_text(DEMO_PASSPHRASE + "\n", encoding="utf-8")
    out = tmp_path / "fhir"
    args = ["export", "--fhir", "--plain", "--out", str(out)]
    assert run([*args, "--vault", str(folder), "--passphrase-file", str(secret)]) == EXIT_OK
    assert "NOT encrypted" in capsys.readouterr().out  # a plain folder is warned about
    files = sorted(out.glob("client-*.bundle.json"))
    assert len(files) == 14
    Bundle.model_validate_json(files[0].read_text(encoding="utf-8"))
