"""``kvaldesk report``, ``kvaldesk review-pdf`` and ``kvaldesk reviews list``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlite_utils import Database
from test_report_support import KnownRound, make_known_round, page_texts

from kvaldesk.cli.entry import main


@pytest.fixture
def known(db: Database, small_template: str) -> KnownRound:
    return make_known_round(db, small_template, reviews=8)


def _run(tmp_path: Path, *args: str) -> int:
    return main(["--db", str(tmp_path / "kvaldesk.db"), *args])


def test_report_writes_pdf_xlsx_and_csv(
    known: KnownRound, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "ut"
    out.mkdir()
    code = _run(
        tmp_path,
        "report",
        known.round_id,
        "--pdf",
        str(out / "rapport.pdf"),
        "--xlsx",
        str(out / "rapport.xlsx"),
        "--csv",
        str(out / "rapport.csv"),
    )
    assert code == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines == [
        f"written: {out / 'rapport.pdf'}",
        f"written: {out / 'rapport.xlsx'}",
        f"written: {out / 'rapport.csv'}",
    ]
    assert "Sida 1 av" in page_texts(out / "rapport.pdf")[0]
    assert load_workbook(out / "rapport.xlsx").sheetnames[0] == "Svar"
    assert (out / "rapport.csv").read_bytes().startswith(b"\xef\xbb\xbf")


def test_report_needs_a_format(
    known: KnownRound, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _run(tmp_path, "report", known.round_id) == 2
    assert "--pdf" in capsys.readouterr().err


def test_report_to_a_missing_folder_is_one_line_error(
    known: KnownRound, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "finns-inte" / "r.pdf"
    assert _run(tmp_path, "report", known.round_id, "--pdf", str(target)) == 1
    err = capsys.readouterr().err
    assert err.startswith("kvaldesk: Kunde inte skriva") and err.count("\n") == 1


def test_unknown_round_is_exit_1(
    tmp_path: Path, db: Database, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _run(tmp_path, "report", "no-such-round", "--pdf", str(tmp_path / "x.pdf")) == 1
    assert capsys.readouterr().err.startswith("kvaldesk: ")
    assert not (tmp_path / "x.pdf").exists()


def test_review_pdf_one_and_batch(
    known: KnownRound, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    one = tmp_path / "en.pdf"
    assert _run(tmp_path, "review-pdf", known.review_ids[0], "--pdf", str(one)) == 0
    assert "Granskning av ärende ÄR-Öst-00" in page_texts(one)[0]
    batch = tmp_path / "alla.pdf"
    assert _run(tmp_path, "review-pdf", "--round", known.round_id, "--pdf", str(batch)) == 0
    out = capsys.readouterr().out
    assert f"written: {batch} (" in out
    assert len(page_texts(batch)) >= 8
    assert _run(tmp_path, "review-pdf", "--pdf", str(batch)) == 2
    assert (
        _run(
            tmp_path,
            "review-pdf",
            known.review_ids[0],
            "--round",
            known.round_id,
            "--pdf",
            str(batch),
        )
        == 2
    )


def test_reviews_list_json(
    known: KnownRound, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _run(tmp_path, "reviews", "list", known.round_id, "--json") == 0
    items = json.loads(capsys.readouterr().out)
    assert len(items) == 8
    first = items[0]
    assert set(first) >= {
        "id",
        "case",
        "subgroup",
        "unit",
        "reviewer",
        "status",
        "answered",
        "updated_at",
    }
    assert first["case"] == "ÄR-Öst-00"
    assert first["status"] == "complete"
    assert first["answered"] == 5  # Q1 nej makes Q4 apply
    assert {i["id"] for i in items} == set(known.review_ids)
    assert _run(tmp_path, "reviews", "list", known.round_id) == 0
    text = capsys.readouterr().out
    assert "ÄR-Öst-00" in text and "klar" in text
