"""Agreement between reviewers: observed agreement, Cohen's κ and Gwet's AC1.

The pure statistics are checked against published worked examples; the service against a
spreadsheet of double-reviewed cases whose figures are counted by hand below.
"""

from __future__ import annotations

import csv
import json
from dataclasses import replace
from pathlib import Path

import pytest
from sqlite_utils import Database
from test_report_support import pdf_text

from kvaldesk.cli.entry import main
from kvaldesk.results.agreement import agreement_stats, table_pairs
from kvaldesk.services import agreement, reports, rounds, sheets
from kvaldesk.services.settings import load_settings, save_settings


def test_cohens_kappa_of_the_classic_two_by_two_example() -> None:
    # Wikipedia, "Cohen's kappa", worked example: 50 grant proposals read by A and B;
    # both yes 20, A yes / B no 5, A no / B yes 10, both no 15 → po = 0.7, pe = 0.5, κ = 0.4.
    stats = agreement_stats(table_pairs([[20, 5], [10, 15]], ["ja", "nej"]))
    assert stats.n == 50
    assert stats.agreements == 35
    assert stats.agreement == pytest.approx(0.7)
    assert stats.kappa == pytest.approx(0.4)


def test_kappa_and_ac1_of_a_published_three_category_table() -> None:
    # Gwet's irrCAC R package (README of github.com/kgwet/irrCAC, data set
    # cont3x3abstractors, 100 cases rated by two abstractors into Ectopic/AIU/NIU):
    # kappa2.table → Cohen's Kappa 0.7964094, gwet.ac1.table → Gwet's AC1 0.8493305,
    # pa2.table → Percent Agreement 0.89.
    table = [[13, 0, 0], [0, 20, 7], [0, 4, 56]]
    stats = agreement_stats(table_pairs(table, ["ectopic", "aiu", "niu"]))
    assert stats.n == 100
    assert stats.agreement == pytest.approx(0.89)
    assert stats.kappa == pytest.approx(0.7964094, abs=1e-7)
    assert stats.ac1 == pytest.approx(0.8493305, abs=1e-7)


def test_the_kappa_paradox_high_agreement_low_kappa_high_ac1() -> None:
    # Gwet (2008), Br J Math Stat Psychol 61:29–48, the paradox the AC1 was made for: two raters
    # agree on 118 of 125 subjects (both "+" 118, +/− 5, −/+ 2, both "−" 0). By hand:
    # pa = 118/125 = 0.944; marginals A+ 123/125 = 0.984, B+ 120/125 = 0.96;
    # pe(κ) = 0.984·0.96 + 0.016·0.04 = 0.94528 → κ = (0.944 − 0.94528)/0.05472 = −0.0234;
    # π+ = 0.972, pe(AC1) = 2·0.972·0.028/1 = 0.054432 → AC1 = 0.889568/0.945568 = 0.9408.
    stats = agreement_stats(table_pairs([[118, 5], [2, 0]], ["+", "-"]))
    assert stats.agreement == pytest.approx(0.944)
    assert stats.kappa == pytest.approx(-0.0234, abs=1e-4)
    assert stats.ac1 == pytest.approx(0.9408, abs=1e-4)


def test_undefined_figures() -> None:
    assert agreement_stats([]).agreement is None
    everyone_yes = agreement_stats([("ja", "ja")] * 6, ["ja", "nej"])
    assert everyone_yes.kappa is None  # 0/0: both used one category only
    assert everyone_yes.ac1 == pytest.approx(1.0)
    assert not everyone_yes.below(kappa_threshold=0.75, agreement_threshold=0.95)


HEADER = ["ärende", "grupp", "granskare", "datum", "Q1", "Q2", "Q3", "Q4", "Q5"]


def _write(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8-sig") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(HEADER)
        writer.writerows(rows)
    return path


# Ten cases, each reviewed by Märta Sjöberg and Jonas Ek (two rows with the same ärende and
# different granskare), plus one case reviewed by Märta only (not a double review).
# Columns: Q1 Q2 Q3 Q4 Q5 (Q4 applies only when Q1 is Nej).
MARTA = {
    "BU-01": ["Ja", "Ja", "Ja", "", "Ja"],
    "BU-02": ["Ja", "Ja", "Ja", "", "Ja"],
    "BU-03": ["Ja", "Nej", "Delvis", "", "Ja"],
    "BU-04": ["Ja", "Ja", "Nej", "", "Ja"],
    "BU-05": ["Nej", "Ja", "Ja", "Ja", "Ja"],
    "BU-06": ["Nej", "Ej aktuellt", "Ja", "Nej", "Ja"],
    "BU-07": ["Ja", "Ja", "Ja", "", "Ja"],
    "BU-08": ["Ja", "Nej", "Ja", "", "Nej"],
    "BU-09": ["Nej", "Ja", "Nej", "Ja", "Ja"],
    "BU-10": ["Ja", "Ja", "Ja", "", "Ja"],
    "BU-11": ["Ja", "Ja", "Ja", "", "Ja"],
}
JONAS = {
    "BU-01": ["Ja", "Ja", "Ja", "", "Ja"],
    "BU-02": ["Ja", "Nej", "Ja", "", "Ja"],
    "BU-03": ["Ja", "Nej", "Nej", "", "Ja"],
    "BU-04": ["Ja", "Ja", "Nej", "", "Ja"],
    "BU-05": ["Nej", "Ja", "Ja", "Nej", "Ja"],
    "BU-06": ["Ja", "Ej aktuellt", "Ja", "", "Ja"],
    "BU-07": ["Ja", "Ja", "Delvis", "", "Ja"],
    "BU-08": ["Ja", "Nej", "Ja", "", "Ja"],
    "BU-09": ["Nej", "Ja", "Nej", "Ja", "Ja"],
    "BU-10": ["Ja", "Ja", "Ja", "", "Ja"],
}
# Counted by hand over the ten double-reviewed cases (Märta first, Jonas second):
# Q1: J/J 7 (01,02,03,04,07,08,10), N/J 1 (06), N/N 2 (05,09) → agreement 9/10 = 0.9;
#     pA(J) = 0.7, pB(J) = 0.8 → pe = 0.7·0.8 + 0.3·0.2 = 0.62;
#     κ = (0.9 − 0.62)/0.38 = 0.7368; AC1: π(J) = 0.75, π(N) = 0.25, q = 2,
#     pe = 2·0.75·0.25 = 0.375 → AC1 = 0.525/0.625 = 0.84.
# Q2: (scale Ja/Nej/Ej aktuellt, q = 3) J/J 6 (01,04,05,07,09,10), J/N 1 (02), N/N 2 (03,08),
#     E/E 1 (06) → agreement 9/10; pA = J .7 N .2 E .1, pB = J .6 N .3 E .1 →
#     pe = .42 + .06 + .01 = .49 → κ = .41/.51 = 0.8039.
# Q3: (scale Ja/Delvis/Nej/Ej aktuellt, q = 4) J/J 6 (01,02,05,06,08,10), D/N 1 (03),
#     N/N 2 (04,09), J/D 1 (07) → agreement 8/10; pA = J .7 D .1 N .2, pB = J .6 D .1 N .3 →
#     pe = .42 + .01 + .06 = .49 → κ = .31/.51 = 0.6078; AC1: π = J .65 D .1 N .25 E 0,
#     pe = (.2275 + .09 + .1875 + 0)/3 = .168333 → AC1 = .631667/.831667 = 0.7595.
# Q4 applies in both only for BU-05 (Ja/Nej) and BU-09 (Ja/Ja): n = 2, agreement 1/2.
# Q5: J/J 9, N/J 1 (BU-08) → agreement 0.9; pA(J) .9, pB(J) 1 → pe = .9 → κ = 0.
HAND_COUNTED = {
    "Q1": (10, 0.9, 0.7368, 0.84),
    "Q2": (10, 0.9, 0.8039, None),
    "Q3": (10, 0.8, 0.6078, 0.7595),
    "Q4": (2, 0.5, None, None),
    "Q5": (10, 0.9, 0.0, None),
}


@pytest.fixture
def double_reviewed(db: Database, small_template: str, tmp_path: Path) -> str:
    round_id = rounds.create_round(db, template_key=small_template, name="Kalibrering våren").id
    rows = [[ref, "ny", "Märta Sjöberg", "2026-03-02", *answers] for ref, answers in MARTA.items()]
    rows += [[ref, "ny", "Jonas Ek", "2026-03-03", *answers] for ref, answers in JONAS.items()]
    summary = sheets.import_sheet(db, round_id, _write(tmp_path / "dubbel.csv", rows))
    assert summary.double_reviews == 10
    return round_id


def test_spreadsheet_double_reviews_give_the_hand_counted_figures(
    db: Database, double_reviewed: str
) -> None:
    report = agreement.round_agreement(db, double_reviewed)
    assert report.cases == 10
    by_id = {q.id: q for q in report.questions}
    for question_id, (n, observed, kappa, ac1) in HAND_COUNTED.items():
        stats = by_id[question_id].stats
        assert stats.n == n, question_id
        assert stats.agreement == pytest.approx(observed), question_id
        if kappa is not None:
            assert stats.kappa == pytest.approx(kappa, abs=1e-4), question_id
        if ac1 is not None:
            assert stats.ac1 == pytest.approx(ac1, abs=1e-4), question_id
    # Defaults κ 0.75 / 95 %: every question with agreement 0.9 is flagged.
    assert {q.id for q in report.flagged} == {"Q1", "Q2", "Q3", "Q4", "Q5"}


def test_thresholds_come_from_the_settings(db: Database, double_reviewed: str) -> None:
    settings = load_settings(db)
    assert (settings.kappa_threshold, settings.agreement_threshold) == (0.75, 0.95)
    save_settings(db, replace(settings, kappa_threshold=0.5, agreement_threshold=0.85))
    report = agreement.round_agreement(db, double_reviewed)
    assert (report.kappa_threshold, report.agreement_threshold) == (0.5, 0.85)
    flagged = {q.id for q in report.flagged}
    assert "Q2" not in flagged  # κ 0.80, agreement 90 %
    assert "Q5" in flagged  # κ 0


def test_agreement_cli_json(
    db: Database, double_reviewed: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db_path = tmp_path / "kvaldesk.db"
    assert main(["--db", str(db_path), "agreement", double_reviewed, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    q1 = next(q for q in data["questions"] if q["id"] == "Q1")
    assert q1["n"] == 10
    assert q1["agreement"] == pytest.approx(0.9)
    assert q1["kappa"] == pytest.approx(0.7368, abs=1e-4)
    assert q1["ac1"] == pytest.approx(0.84, abs=1e-4)
    assert data["cases"] == 10
    assert main(["--db", str(db_path), "agreement", double_reviewed]) == 0
    out = capsys.readouterr().out
    assert "10 dubbelgranskade ärenden" in out
    assert "κ" in out


def test_round_report_has_the_calibration_section(
    db: Database, double_reviewed: str, tmp_path: Path
) -> None:
    path = reports.write_round_report_pdf(db, double_reviewed, tmp_path / "rapport.pdf")
    text = " ".join(pdf_text(path).split())
    section = text[text.index("5 Kalibrering") :]
    assert "10 ärenden granskades oberoende av två granskare" in section
    assert "Q3 Avslutades utredningen inom fyra månader?" in section
    assert "Under gränsvärdet" in section
    assert "5.1 Frågor att se över" in section
    assert "0,61" in section and "0,76" in section  # Q3's κ and AC1, counted by hand above
