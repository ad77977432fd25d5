"""The round report and review summary PDFs: the engine's numbers, Swedish text, fonts, pages."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlite_utils import Database
from test_report_support import (
    BASE14,
    CRITICAL_COMMENT,
    KnownRound,
    make_known_round,
    page_texts,
    pdf_text,
    pdffonts_rows,
    share_text,
)

from kvaldesk.services import reports, results, rounds
from kvaldesk.services.settings import load_settings, save_settings

TODAY = date(2026, 3, 2)


@pytest.fixture
def known(db: Database, small_template: str) -> KnownRound:
    return make_known_round(db, small_template)


@pytest.fixture
def round_pdf(db: Database, known: KnownRound, tmp_path: Path) -> Path:
    rounds.save_analysis(
        db,
        known.round_id,
        "Andelen där frågor om våld ställts är för låg i nya ärenden.\n\n"
        "Nästa omgång följer upp åtgärderna.",
    )
    return reports.write_round_report_pdf(db, known.round_id, tmp_path / "omgång.pdf", today=TODAY)


def test_round_report_shows_the_engines_shares_and_counts(
    db: Database, known: KnownRound, round_pdf: Path
) -> None:
    text = pdf_text(round_pdf)
    round_ = rounds.get_round(db, known.round_id)
    data = results.results_to_json(round_, results.round_results(db, known.round_id))
    # The hand-counted values first, then every question as the engine computes it.
    assert "76 %" in text
    assert "19 av 25" in text
    assert "2 av 6" in text
    assert "+26 p.e." in text  # 76 % against 50 % in the previous round
    for item in data["questions"]:
        assert share_text(item) in text, item["id"]
        if item["n"]:
            assert f"{item['compliant']} av {item['n']}" in text, item["id"]
    overall = data["overall"]
    assert f"{overall['compliant']} av {overall['n']} svar" in text
    assert f"Omgången omfattar {data['reviews']} klara granskningar" in text


def test_round_report_keeps_swedish_letters_and_sections(round_pdf: Path) -> None:
    text = pdf_text(round_pdf)
    for expected in (
        "Hösten 2025 – Öst, barn och unga",
        "Utredningsgruppen Öst",
        "1 Sammanfattning",
        "2 Resultat",
        "3 Analys",
        "4 Nya åtgärder",
        "Bilaga Frågorna i mallen",
        "Andel uppfyllt per fråga",
        "Nya och pågående ärenden",
        "Kritiska avvikelser",
        "ÄR-Öst-00",
        "Andelen där frågor om våld ställts är för låg i nya ärenden.",
        "Gå igenom rutinen för frågor om våld på arbetsplatsträffen.",
        "Försenad",
        "Självbestämmande och integritet",
        "Hjälptext:",
        "Lagrum: SOSFS 2014:4",
        "Utredningstid (dagar)",
    ):
        assert expected in " ".join(text.split()), expected


def test_critical_findings_are_listed_by_case_reference(round_pdf: Path) -> None:
    text = pdf_text(round_pdf)
    section = text[text.index("2.5") :]
    positions = [section.index(f"ÄR-Öst-{i:02d}") for i in range(6)]
    assert positions == sorted(positions)
    assert "ÄR-Öst-06" not in section.split("3 Analys")[0]


def test_small_groups_are_suppressed_with_a_footnote(
    db: Database, known: KnownRound, round_pdf: Path
) -> None:
    text = " ".join(pdf_text(round_pdf).split())
    assert "pågående 4 granskningar" in text
    assert "färre än 5 svar i gruppen" in text
    report = reports.round_report(db, known.round_id, today=TODAY)
    q1 = next(q for q in report.questions if q.question_id == "Q1")
    cells = {cell.group: cell for cell in q1.groups}
    assert cells["pågående"].suppressed and cells["pågående"].text == "–"
    assert cells["ny"].text == "71 % (21)"  # 15 of the 21 new cases
    unsuppressed = reports.round_report(
        db, known.round_id, suppress_small_groups=False, today=TODAY
    )
    q1_all = next(q for q in unsuppressed.questions if q.question_id == "Q1")
    assert {c.group: c.text for c in q1_all.groups}["pågående"] == "4 av 4"


def test_the_minimum_group_size_comes_from_the_settings(db: Database, known: KnownRound) -> None:
    save_settings(db, replace(load_settings(db), min_group_size=3))
    report = reports.round_report(db, known.round_id, today=TODAY)
    q1 = next(q for q in report.questions if q.question_id == "Q1")
    assert {c.group: c.text for c in q1.groups}["pågående"] == "4 av 4"
    assert report.min_group_size == 3


def test_every_page_is_numbered_and_a4(round_pdf: Path) -> None:
    pages = page_texts(round_pdf)
    assert len(pages) >= 4
    for number, text in enumerate(pages, start=1):
        assert f"Sida {number} av {len(pages)}" in text
    reader = PdfReader(str(round_pdf))
    for page in reader.pages:
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert (round(width), round(height)) == (595, 842)


def test_metadata_and_language(round_pdf: Path) -> None:
    reader = PdfReader(str(round_pdf))
    meta = reader.metadata
    assert meta is not None
    assert meta.title == "Rapport: Hösten 2025 – Öst, barn och unga"
    assert meta.author == "kvaldesk"
    assert meta.subject is not None and "Resultat, Analys och Nya åtgärder" in meta.subject
    assert str(reader.root_object["/Lang"]) == "sv-SE"


def test_only_embedded_fonts(
    round_pdf: Path, db: Database, known: KnownRound, tmp_path: Path
) -> None:
    summary = reports.write_review_summary_pdf_file(
        db, known.first_finding_review, tmp_path / "granskning.pdf"
    )
    batch = tmp_path / "alla.pdf"
    reports.write_round_reviews_pdf(db, known.round_id, batch)
    for path in (round_pdf, summary, batch):
        rows = pdffonts_rows(path)
        if rows is None:
            pytest.skip("pdffonts (poppler-utils) is not installed")
        assert rows, path
        for row in rows:
            name = row[0]
            emb = row[-5]  # name type encoding emb sub uni object ID (type may be two words)
            assert emb == "yes", (path.name, row)
            assert "NotoSans" in name, (path.name, row)
            assert not any(base in name for base in BASE14), (path.name, row)


def test_review_summary_has_every_applicable_question_and_marks(
    db: Database, known: KnownRound, tmp_path: Path
) -> None:
    path = reports.write_review_summary_pdf_file(
        db, known.first_finding_review, tmp_path / "sammanfattning.pdf", today=TODAY
    )
    pages = page_texts(path)
    assert 1 <= len(pages) <= 2
    text = " ".join(" ".join(pages).split())
    for expected in (
        "Granskning av ärende ÄR-Öst-00",
        "Hösten 2025 – Öst, barn och unga",
        "Testmall för barnavårdsutredningar – åäö (version 1)",
        "Märta Sjöberg",
        "ny",
        "Utredningsgruppen Öst",
        "Kritisk avvikelse",
        "Ej uppfyllt",
        "Uppfyllt",
        "Ej aktuellt",
        " ".join(CRITICAL_COMMENT.split()),
        "Gå igenom rutinen för frågor om våld på arbetsplatsträffen.",
        "Försenad",
        "Datum",
        "Underskrift granskare",
        "Underskrift handläggare",
        "Sida 1 av",
    ):
        assert expected in text, expected
    for question_id in ("Q1", "Q2", "Q3", "Q4", "Q5"):
        assert re.search(rf"\b{question_id}\b", text), question_id


def test_review_summary_leaves_out_questions_that_do_not_apply(
    db: Database, known: KnownRound, tmp_path: Path
) -> None:
    # Review 10 answered Q1 Ja, so the conditional Q4 does not apply.
    path = reports.write_review_summary_pdf_file(
        db, known.review_ids[10], tmp_path / "s.pdf", today=TODAY
    )
    text = pdf_text(path)
    assert "Q4" not in text
    assert "1 fråga gällde inte enligt tidigare svar" in " ".join(text.split())
    summary = reports.review_summary(db, known.review_ids[10], today=TODAY)
    assert [a.question_id for a in summary.answers] == ["Q1", "Q2", "Q3", "Q5"]
    assert summary.critical_findings == 0


def test_analysis_placeholder_when_empty(db: Database, known: KnownRound, tmp_path: Path) -> None:
    path = reports.write_round_report_pdf(db, known.round_id, tmp_path / "r.pdf", today=TODAY)
    assert "Ingen analys är skriven för omgången ännu." in " ".join(pdf_text(path).split())


def test_an_empty_round_still_prints(db: Database, small_template: str, tmp_path: Path) -> None:
    round_ = rounds.create_round(db, template_key=small_template, name="Tom omgång")
    path = reports.write_round_report_pdf(db, round_.id, tmp_path / "tom.pdf", today=TODAY)
    text = " ".join(pdf_text(path).split())
    assert "Omgången omfattar 0 klara granskningar" in text
    assert "Inga kritiska avvikelser i omgången." in text


def test_the_collector_is_paused_while_the_round_report_is_made(
    db: Database, known: KnownRound, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import gc

    from kvaldesk.reporting import pdf_round

    enabled: list[bool] = []
    real = pdf_round.write_round_report_pdf

    def render(report: object, handle: object) -> None:
        enabled.append(gc.isenabled())
        real(report, handle)  # type: ignore[arg-type]

    monkeypatch.setattr(pdf_round, "write_round_report_pdf", render)
    reports.write_round_report_pdf(db, known.round_id, tmp_path / "omgång.pdf", today=TODAY)
    assert enabled == [False]
    assert gc.isenabled()
