"""Trends across rounds of one template key, joined only where a question is unchanged; and
the actions of earlier rounds followed up in the next one."""

from __future__ import annotations

import copy
import json
from datetime import date
from pathlib import Path

import pytest
from builders import add_complete_review, small_template_dict, write_json
from sqlite_utils import Database

from kvaldesk.cli.entry import main
from kvaldesk.domain.enums import ActionStatus
from kvaldesk.domain.errors import NotFoundError
from kvaldesk.reporting.charts import trend_bar_chart, trend_series
from kvaldesk.services import actions, rounds, templates, trends
from kvaldesk.services.charts import ChartTexts, trend_chart_svg

YES = {"Q1": "ja", "Q2": "ja", "Q3": "ja", "Q5": "ja"}
NO = {"Q1": "ja", "Q2": "nej", "Q3": "nej", "Q5": "nej"}


def _reworded_v2(tmp_path: Path) -> None:
    data = small_template_dict(version=2)
    questions = copy.deepcopy(data["questions"])
    questions[1]["text"] = "Har barnet fått komma till tals enskilt?"  # Q2 reworded
    questions[4]["help"] = "Ny hjälptext."  # help text does not change the content
    data["questions"] = questions
    write_json(tmp_path / "v2.json", data)


@pytest.fixture
def three_rounds(db: Database, small_template: str, tmp_path: Path) -> list[str]:
    ids = []
    spring = rounds.create_round(db, template_key=small_template, name="Våren 2025").id
    for number, answers in enumerate([YES, NO, NO, NO]):
        add_complete_review(db, spring, f"BU-{number}", answers)
    ids.append(spring)
    autumn = rounds.create_round(db, template_key=small_template, name="Hösten 2025").id
    for number, answers in enumerate([YES, YES, NO, NO]):
        add_complete_review(db, autumn, f"BU-{number}", answers)
    ids.append(autumn)
    _reworded_v2(tmp_path)
    templates.import_template_file(db, tmp_path / "v2.json")
    spring26 = rounds.create_round(db, template_key=small_template, name="Våren 2026").id
    for number, answers in enumerate([YES, YES, YES, NO]):
        add_complete_review(db, spring26, f"BU-{number}", answers)
    ids.append(spring26)
    return ids


def test_shares_per_round_joined_only_where_unchanged(
    db: Database, small_template: str, three_rounds: list[str]
) -> None:
    result = trends.template_trends(db, small_template)
    assert [r.name for r in result.rounds] == ["Våren 2025", "Hösten 2025", "Våren 2026"]
    assert [r.template_version for r in result.rounds] == [1, 1, 2]
    by_id = {q.id: q for q in result.questions}
    q5 = [p.share if p else None for p in by_id["Q5"].points]
    assert q5 == [pytest.approx(0.25), pytest.approx(0.5), pytest.approx(0.75)]
    assert by_id["Q5"].changed_in == []
    # Q2 was reworded in version 2: the earlier rounds are not joined to it.
    assert [p is None for p in by_id["Q2"].points] == [True, True, False]
    assert by_id["Q2"].changed_in == ["Våren 2025", "Hösten 2025"]
    # Up to a round: only that round and the earlier ones.
    upto = trends.round_trends(db, three_rounds[1])
    assert [r.name for r in upto.rounds] == ["Våren 2025", "Hösten 2025"]
    assert upto.questions[0].points[1] is not None


def test_trend_chart_and_cli(
    db: Database,
    small_template: str,
    three_rounds: list[str],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    result = trends.template_trends(db, small_template)
    series, labels = trend_series(result)
    assert labels == ["Våren 2025", "Hösten 2025", "Våren 2026"]
    drawing = trend_bar_chart(series, labels, "Trend", 420)
    assert drawing.height > 100
    svg = trend_chart_svg(result, "Trend per fråga", width=420, font_size=8, texts=ChartTexts())
    assert b"Trend per fr" in svg.svg
    assert "ej jämförbar" in svg.svg.decode("utf-8")
    db_path = str(tmp_path / "kvaldesk.db")
    assert main(["--db", db_path, "trends", small_template, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    q2 = next(q for q in data["questions"] if q["id"] == "Q2")
    assert q2["shares"][:2] == [None, None]
    assert q2["not_joined"] == ["Våren 2025", "Hösten 2025"]
    assert main(["--db", db_path, "trends", "finns-inte"]) == 1


def test_unknown_key(db: Database) -> None:
    with pytest.raises(NotFoundError):
        trends.template_trends(db, "okänd-mall")


def test_actions_of_earlier_rounds_with_overdue_marked(
    db: Database, small_template: str, three_rounds: list[str]
) -> None:
    spring, autumn, current = three_rounds
    actions.create_action(
        db, spring, "Rutin för våldsfrågor", owner="Enhetschef", due_date="2025-09-30"
    )
    actions.create_action(
        db,
        autumn,
        "Mall för barnsamtal",
        owner="Förste socialsekreterare",
        due_date="2026-01-31",
        status=ActionStatus.DONE,
    )
    actions.create_action(db, autumn, "Utbildning i dokumentation", due_date="2026-12-31")
    actions.create_action(db, current, "Nytt i år", due_date="2026-01-01")
    rows = actions.earlier_round_actions(db, current, today=date(2026, 6, 1))
    assert [(r.round_name, r.action.text, r.overdue) for r in rows] == [
        ("Hösten 2025", "Mall för barnsamtal", False),  # done: never overdue
        ("Hösten 2025", "Utbildning i dokumentation", False),
        ("Våren 2025", "Rutin för våldsfrågor", True),
    ]
    assert actions.earlier_round_actions(db, spring) == []
