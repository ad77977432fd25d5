"""Sampling (urval): reproducible from the seed, independent of row order, own cases never
drawn, stratified per unit or subgroup, clear errors and nothing half-written."""

from __future__ import annotations

import csv
import json
import random
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlite_utils import Database

from kvaldesk.cli.entry import main
from kvaldesk.domain.enums import RoundStatus
from kvaldesk.domain.errors import ValidationError
from kvaldesk.results.sampling import CaseRef, draw_sample
from kvaldesk.services import rounds, sampling
from kvaldesk.storage.settings import REVIEWER_CODE, set_setting

UNITS = ("Barn och unga Öst", "Barn och unga Väst", "Ekonomiskt bistånd")


def _cases(count: int = 60) -> list[CaseRef]:
    return [
        CaseRef(
            f"BU-{number:03}",
            caseworker=("HK-ÅSA", "HK-BÖR", "HK-LÄR")[number % 3],
            unit=UNITS[number % len(UNITS)],
            subgroup=("ny", "pågående")[number % 2],
        )
        for number in range(1, count + 1)
    ]


def _csv(path: Path, cases: list[CaseRef]) -> Path:
    with path.open("w", newline="", encoding="utf-8-sig") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(["Ärende", "Handläggare", "Enhet", "Grupp"])
        for case in cases:
            writer.writerow([case.reference, case.caseworker, case.unit, case.subgroup])
    return path


@pytest.fixture
def round_id(db: Database, small_template: str) -> str:
    return rounds.create_round(db, template_key=small_template, name="Urval hösten 2026").id


def test_same_seed_same_sample_in_any_row_order() -> None:
    cases = _cases()
    first = draw_sample(cases, 12, seed=20261123)
    shuffled = list(cases)
    random.Random(7).shuffle(shuffled)
    again = draw_sample(shuffled, 12, seed=20261123)
    assert [c.reference for c in first.refs] == [c.reference for c in again.refs]
    assert len(first.refs) == 12
    other = draw_sample(cases, 12, seed=20261124)
    assert [c.reference for c in other.refs] != [c.reference for c in first.refs]


@pytest.mark.parametrize("seed", range(25))
def test_own_cases_are_never_drawn(seed: int) -> None:
    sample = draw_sample(_cases(), 30, seed=seed, exclude_caseworkers=["hk-åsa"])
    assert all(c.caseworker != "HK-ÅSA" for c in sample.refs)
    assert sample.excluded == 20


def test_stratified_draws_n_per_stratum_and_all_of_a_small_one() -> None:
    cases = [*_cases(30), CaseRef("EB-LITEN", unit="Liten enhet")]
    sample = draw_sample(cases, 4, seed=1, by="unit")
    drawn = {s.name: s for s in sample.strata}
    assert {name: s.drawn for name, s in drawn.items()} == {
        **{unit: 4 for unit in UNITS},
        "Liten enhet": 1,
    }
    assert drawn["Liten enhet"].short
    units = [c.unit for c in sample.refs]
    assert units == sorted(units)  # by stratum, then reference


def test_sample_round_adds_the_cases_and_stores_the_seed(
    db: Database, round_id: str, tmp_path: Path
) -> None:
    case_list = sampling.read_case_list(_csv(tmp_path / "ärenden.csv", _cases()))
    assert case_list.columns == {"handläggare", "enhet", "grupp"}
    outcome = sampling.sample_round(
        db, round_id, case_list, 10, seed=4711, exclude_caseworkers=["HK-BÖR"]
    )
    added = sorted(c.reference for c in rounds.list_cases(db, round_id))
    assert added == sorted(c.reference for c in outcome.sample.refs)
    assert len(added) == 10
    assert sampling.sample_seed(db, round_id) == 4711
    assert [r for r, _, _ in sampling.drawn_references(db, round_id)] == [
        c.reference for c in outcome.sample.refs
    ]
    # The same list and the stored seed give the same sample again (preview writes nothing).
    again = sampling.preview_sample(db, round_id, case_list, 10, exclude_caseworkers=["HK-BÖR"])
    assert again.seed == 4711
    assert [c.reference for c in again.refs] == [c.reference for c in outcome.sample.refs]
    # Drawing the same cases into the round twice is refused, and nothing is added.
    with pytest.raises(ValidationError, match="finns redan i omgången"):
        sampling.sample_round(db, round_id, case_list, 10, exclude_caseworkers=["HK-BÖR"])
    assert len(rounds.list_cases(db, round_id)) == 10


def test_reviewer_code_from_the_settings(db: Database, round_id: str, tmp_path: Path) -> None:
    with db.atomic():
        set_setting(db, REVIEWER_CODE, "HK-LÄR")
    case_list = sampling.read_case_list(_csv(tmp_path / "lista.csv", _cases()))
    sample = sampling.preview_sample(db, round_id, case_list, 40, seed=3)
    assert sample.excluded == 20
    assert all(c.caseworker != "HK-LÄR" for c in sample.refs)
    everyone = sampling.preview_sample(db, round_id, case_list, 60, seed=3, exclude_caseworkers=[])
    assert everyone.excluded == 0


def test_errors(db: Database, round_id: str, tmp_path: Path) -> None:
    case_list = sampling.read_case_list(_csv(tmp_path / "lista.csv", _cases(12)))
    with pytest.raises(ValidationError, match=r"N = 30 men listan har bara 8 ärenden"):
        sampling.sample_round(db, round_id, case_list, 30, exclude_caseworkers=["HK-ÅSA"])
    empty = tmp_path / "tom.csv"
    empty.write_text("", encoding="utf-8")
    with pytest.raises(ValidationError, match="tom"):
        sampling.read_case_list(empty)
    header_only = tmp_path / "bara-rubrik.csv"
    header_only.write_text("ärende;enhet\n", encoding="utf-8")
    with pytest.raises(ValidationError, match="listan kan inte användas"):
        sampling.read_case_list(header_only)
    # A Skatteverket test personnummer in a cell refuses the whole list.
    with_pnr = _csv(tmp_path / "pnr.csv", [*_cases(3), CaseRef("BU-900", unit="19121212-1212")])
    with pytest.raises(ValidationError) as caught:
        sampling.read_case_list(with_pnr)
    assert "personnummer" in str(caught.value)
    assert "1212-1212" not in str(caught.value)  # masked
    no_units = sampling.parse_case_text("BU-1\nBU-2\nBU-3\n")
    with pytest.raises(ValidationError, match='Kolumn "enhet"'):
        sampling.sample_round(db, round_id, no_units, 1, by="unit")
    rounds.set_round_status(db, round_id, RoundStatus.CLOSED)
    with pytest.raises(ValidationError, match="stängd"):
        sampling.sample_round(db, round_id, case_list, 2)
    assert rounds.list_cases(db, round_id) == []


def test_pasted_table_and_xlsx(db: Database, round_id: str, tmp_path: Path) -> None:
    pasted = (
        "Ärende\tHandläggare\tEnhet\nBU-1\tHK-ÅSA\tÖst\nBU-2\tHK-BÖR\tVäst\n\nBU-3\tHK-ÅSA\tÖst\n"
    )
    case_list = sampling.parse_case_text(pasted)
    assert [c.reference for c in case_list.cases] == ["BU-1", "BU-2", "BU-3"]
    assert case_list.cases[1].unit == "Väst"
    sample = sampling.preview_sample(
        db, round_id, case_list, 1, seed=9, exclude_caseworkers=["HK-ÅSA"]
    )
    assert [c.reference for c in sample.refs] == ["BU-2"]
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["ärende", "grupp"])
    for number in range(1, 9):
        sheet.append([f"EB-{number}", "ny" if number % 2 else "pågående"])
    path = tmp_path / "lista.xlsx"
    book.save(path)
    outcome = sampling.sample_round(
        db, round_id, sampling.read_case_list(path), 2, by="subgroup", seed=5
    )
    assert sorted(s.drawn for s in outcome.sample.strata) == [2, 2]
    assert {c.subgroup for c in rounds.list_cases(db, round_id)} == {"ny", "pågående"}


def test_sample_cli(
    db: Database, round_id: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _csv(tmp_path / "lista.csv", _cases(30))
    db_path = str(tmp_path / "kvaldesk.db")
    args = ["--db", db_path, "sample", round_id, str(path), "--n", "5", "--seed", "77"]
    assert main([*args, "--exclude-caseworker", "HK-ÅSA", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["seed"] == 77
    assert len(data["drawn"]) == 5
    assert data["excluded_own"] == 10
    assert main([*args, "--n", "50"]) == 1
    assert "N = 50" in capsys.readouterr().err
