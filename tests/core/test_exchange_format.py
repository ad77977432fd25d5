"""The written package: its name, its members, its manifest, and conformance to the shipped
JSON Schemas; the writer never writes a package the reader would refuse."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import datetime
from pathlib import Path

import jsonschema
import pytest
from referencing import Registry, Resource
from sqlite_utils import Database
from test_exchange_support import (
    ANSWERS_A,
    ANSWERS_B,
    PERSONNUMMER,
    coordinator_round,
    make_db,
    read_members,
    review,
)

from kvaldesk import __version__
from kvaldesk.domain.errors import ValidationError
from kvaldesk.exchange.package_format import package_file_name, reviewer_slug
from kvaldesk.paths import resource_path
from kvaldesk.services import exchange
from kvaldesk.storage.settings import machine_id


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Åsa Öberg", "asa-oberg"),
        ("Märta Sjöberg-Ängel", "marta-sjoberg-angel"),
        ("Zoë O'Brien", "zoe-o-brien"),
        ("  ", "granskare"),
        ("李小龍", "granskare"),
        ("A" * 80, "a" * 40),
    ],
)
def test_reviewer_slug(name: str, slug: str) -> None:
    assert reviewer_slug(name) == slug


def test_file_name() -> None:
    name = package_file_name(
        "Björn Åkesson", datetime(2026, 3, 9, 7, 5), "0a1b2c3d-4e5f-4061-8899-aabbccddeeff"
    )
    assert name == "kvaldesk-bjorn-akesson-20260309-0705-0a1b2c3d.kvdpkg"


def _validator(name: str) -> jsonschema.Draft202012Validator:
    template = json.loads(resource_path("schemas", "template-v1.schema.json").read_text("utf-8"))
    registry: Registry = Registry().with_resource(template["$id"], Resource.from_contents(template))
    schema = json.loads(resource_path("schemas", name).read_text("utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema, registry=registry)


def test_an_exported_package_follows_the_schemas(db: Database, tmp_path: Path) -> None:
    round_id = coordinator_round(db, tmp_path, ("K-1", "K-2"))
    review(db, round_id, "K-1", ANSWERS_A, "Åsa Testgranskare")
    review(db, round_id, "K-2", ANSWERS_B, "Åsa Testgranskare")
    result = exchange.export_package(db, tmp_path)
    assert result.path is not None
    with zipfile.ZipFile(io.BytesIO(result.path.read_bytes())) as zf:
        assert sorted(zf.namelist()) == ["data.json", "manifest.json"]
        assert {i.compress_type for i in zf.infolist()} == {zipfile.ZIP_DEFLATED}
    manifest, data = read_members(result.path.read_bytes())
    _validator("package-v1-manifest.schema.json").validate(manifest)
    _validator("package-v1.schema.json").validate(data)
    assert manifest["format"] == "kvaldesk-package" and manifest["format_version"] == 1
    assert manifest["package_id"] == result.package_id and manifest["app_version"] == __version__
    assert manifest["machine_id"] == machine_id(db)
    assert manifest["reviewer"] == "Åsa Testgranskare"
    assert [len(data[k]) for k in ("templates", "rounds", "cases", "reviews", "actions")] == [
        1, 1, 2, 2, 0,
    ]  # fmt: skip
    answers = data["reviews"][0]["answers"]
    assert {"question_id", "value", "applies"} <= set(answers[0])
    for exported in data["reviews"]:  # made here only: one machine, one counter
        ((machine, counter),) = exported["version_vector"].items()
        assert machine == machine_id(db) and counter >= 1


def test_the_writer_refuses_what_the_reader_would_refuse(tmp_path: Path) -> None:
    db = make_db(tmp_path / "old.db", "Åsa Öberg")
    round_id = coordinator_round(db, tmp_path, ("K-1",))
    review_id = review(db, round_id, "K-1", ANSWERS_A, "Åsa Öberg")
    # Data stored before the personnummer check existed (written straight into the table).
    with db.atomic():
        db.execute(
            "UPDATE answers SET comment = ? WHERE review_id = ? AND question_id = 'Q1'",
            [f"pnr {PERSONNUMMER}", review_id],
        )
    with pytest.raises(ValidationError, match="Paketet kan inte skapas") as caught:
        exchange.export_package(db, tmp_path)
    assert "191212XX-XXXX" in str(caught.value) and PERSONNUMMER not in str(caught.value)
    assert not any(p.suffix == ".kvdpkg" for p in tmp_path.iterdir())
    db.close()


def test_an_unknown_round_is_refused_on_export(db: Database, tmp_path: Path) -> None:
    with pytest.raises(Exception, match="finns inte"):
        exchange.export_package(db, tmp_path, round_id="00000000-0000-4000-8000-000000000000")
