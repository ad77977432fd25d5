"""Shared test data for the report tests: rounds with known answers, and PDF helpers.

(Named test_report_*.py so that it lives with the report tests; it holds no tests itself.)
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from builders import add_complete_review
from pypdf import PdfReader
from sqlite_utils import Database

from kvaldesk.services import actions, rounds

BASE14 = (
    "Helvetica",
    "Times",
    "Courier",
    "Symbol",
    "ZapfDingbats",
)

CRITICAL_COMMENT = "Våld nämns i anmälan men frågan ställdes aldrig – följ upp på ärendedragningen."


@dataclass(frozen=True)
class KnownRound:
    """A round of the small test template with hand-counted answers.

    25 complete reviews (21 "ny", 4 "pågående"):
    Q1 19 ja / 6 nej (76 %, "19 av 25"; critical: 6 findings), Q2 15 ja / 5 nej / 5 ej aktuellt
    (75 %), Q3 22 ja / 2 delvis / 1 nej (88 %), Q4 (only where Q1 is nej) 2 ja / 4 nej
    ("2 av 6"), Q5 25 ja (100 %). The previous round has Q1 5 ja / 5 nej (50 %).
    """

    round_id: str
    previous_round_id: str
    review_ids: list[str]
    first_finding_review: str


def _q2(i: int) -> str:
    if i < 5:
        return "ej_aktuellt"
    if i < 10:
        return "nej"
    return "ja"


def _q3(i: int) -> str:
    if i in (3, 7):
        return "delvis"
    if i == 11:
        return "nej"
    return "ja"


def make_known_round(db: Database, template_key: str, *, reviews: int = 25) -> KnownRound:
    """Create a previous round (10 reviews) and the known round (see :class:`KnownRound`)."""
    previous = rounds.create_round(
        db, template_key=template_key, name="Våren 2025 – Öst", target_pct=90
    )
    for i in range(10):
        add_complete_review(
            db,
            previous.id,
            f"ÖST-2025-{i:02d}",
            {"Q1": "ja" if i < 5 else "nej", "Q2": "ja", "Q3": "ja", "Q4": "ja", "Q5": "ja"}
            if i >= 5
            else {"Q1": "ja", "Q2": "ja", "Q3": "ja", "Q5": "ja"},
            subgroup="ny",
        )
    round_ = rounds.create_round(
        db,
        template_key=template_key,
        name="Hösten 2025 – Öst, barn och unga",
        unit="Utredningsgruppen Öst",
        target_pct=90,
        period_start="2025-08-01",
        period_end="2025-12-31",
    )
    ids: list[str] = []
    first_finding = ""
    for i in range(reviews):
        q1 = "nej" if i < 6 else "ja"
        answers = {"Q1": q1, "Q2": _q2(i), "Q3": _q3(i), "Q5": "ja"}
        if q1 == "nej":
            answers["Q4"] = "ja" if i < 2 else "nej"
        comments = {"Q1": CRITICAL_COMMENT} if i == 0 else {}
        review_id = add_complete_review(
            db,
            round_.id,
            f"ÄR-Öst-{i:02d}",
            answers,
            subgroup="ny" if i < 21 else "pågående",
            reviewer="Örjan Åkesson" if i % 2 else "Märta Sjöberg",
            numbers={"Q3": float(60 + 3 * i)},
            comments=comments,
        )
        ids.append(review_id)
        if i == 0:
            first_finding = review_id
    actions.create_action(
        db,
        round_.id,
        "Gå igenom rutinen för frågor om våld på arbetsplatsträffen.",
        owner="Enhetschef Åsa Öberg",
        due_date="2020-01-31",
        question_id="Q1",
        review_id=first_finding,
    )
    actions.create_action(
        db,
        round_.id,
        "Ta fram en mall för beslut om förlängd utredningstid.",
        owner="Kvalitetssamordnare",
        due_date="2099-06-30",
        question_id="Q3",
    )
    return KnownRound(round_.id, previous.id, ids, first_finding)


def pdf_text(path: Path) -> str:
    """Every page's text, pages separated by form feeds."""
    reader = PdfReader(str(path), strict=True)
    return "\f".join(page.extract_text() or "" for page in reader.pages)


def page_texts(path: Path) -> list[str]:
    """The text of each page."""
    reader = PdfReader(str(path), strict=True)
    return [page.extract_text() or "" for page in reader.pages]


def pdffonts_rows(path: Path) -> list[list[str]] | None:
    """The rows of ``pdffonts`` (None when poppler is not installed)."""
    if shutil.which("pdffonts") is None:
        return None
    result = subprocess.run(
        ["pdffonts", str(path)], capture_output=True, text=True, check=True, timeout=60
    )
    lines = result.stdout.splitlines()[2:]
    return [line.split() for line in lines if line.strip()]


def share_text(item: dict[str, object]) -> str:
    """The share as the reports write it, from the results JSON of a question."""
    n = int(str(item["n"]))
    compliant = int(str(item["compliant"]))
    if n == 0:
        return "–"
    if n < 10:
        return f"{compliant} av {n}"
    return f"{round(100 * compliant / n)} %"
