"""Every shipped data file validates against its types; committed schemas equal generated ones."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import jsonschema
import pytest

from desktop.resource_schemas import DATA_FILES, MARKDOWN, SCHEMAS, generated, main, stale
from desktop.resources import RESOURCES_DIR, resource_path
from desktop.resources.typed import ResourceDataError, read_model


@pytest.mark.parametrize("schema", sorted(SCHEMAS))
def test_each_resource_file_validates_against_its_types(schema: str) -> None:
    data_file = resource_path(*DATA_FILES[schema].split("/"))
    raw = json.loads(data_file.read_text(encoding="utf-8"))
    parsed = read_model(SCHEMAS[schema], data_file, {})
    assert parsed.model_dump(mode="json", exclude_unset=True) == raw
    committed = json.loads(resource_path(*schema.split("/")).read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(committed).validate(raw)


def test_every_json_resource_has_a_schema() -> None:
    data = {
        path.relative_to(RESOURCES_DIR).as_posix()
        for path in RESOURCES_DIR.rglob("*.json")
        if not path.name.endswith(".schema.json")
    }
    user_formats = {"import/mappings/generic.json"}  # a sample of a file clinicians save
    assert data - user_formats == set(DATA_FILES.values())


def test_committed_schemas_and_schema_md_equal_the_generated_ones() -> None:
    assert stale() == []
    for name, model in SCHEMAS.items():
        committed = json.loads(resource_path(*name.split("/")).read_text(encoding="utf-8"))
        assert committed == model.model_json_schema()
    assert main(["--check"]) == 0


def test_a_stale_copy_is_found_and_regenerating_fixes_it(tmp_path: Path) -> None:
    root = tmp_path / "resources"
    shutil.copytree(RESOURCES_DIR, root, ignore=shutil.ignore_patterns("*.ttf", "*.icc"))
    (root / "guidance" / "steps.schema.json").write_text("{}\n", encoding="utf-8")
    (root / MARKDOWN).unlink()
    assert stale(root) == ["guidance/steps.schema.json", MARKDOWN]
    for name, text in generated().items():
        (root / name).write_text(text, encoding="utf-8")
    assert stale(root) == []


def test_schema_md_documents_every_field_of_us_json() -> None:
    markdown = resource_path(*MARKDOWN.split("/")).read_text(encoding="utf-8")
    for field in ("classification", "minor_victim_parent", "alternatives", "tells_client"):
        assert f"| `{field}` |" in markdown
    assert "not legal advice" in markdown


def test_an_unreadable_file_names_the_file_not_its_content(tmp_path: Path) -> None:
    path = tmp_path / "federal.json"
    path.write_bytes(b"\xff\xfe client name \x00")
    with pytest.raises(ResourceDataError) as caught:
        read_model(SCHEMAS["jurisdictions/federal.schema.json"], path, {})
    assert caught.value.message.startswith("federal.json, entry '(file)': field '(root)'")
    assert "client name" not in str(caught.value)


def test_a_wrong_value_is_named_by_field_and_never_echoed(tmp_path: Path) -> None:
    path = tmp_path / "steps.json"
    data = json.loads(resource_path("guidance", "steps.json").read_text(encoding="utf-8"))
    data["steps"]["review"]["what_to_write"] = "Jane Roe, born 1990"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ResourceDataError) as caught:
        read_model(SCHEMAS["guidance/steps.schema.json"], path, {"steps": None})
    assert (caught.value.entry, caught.value.field) == ("review", "what_to_write")
    assert "Jane" not in str(caught.value)
