"""Acceptance tests of the stable command line, run as real subprocesses.

Every test runs ``python -m kvaldesk --db ...`` (or the installed ``kvaldesk`` console script)
in a child process and checks exit codes, stdout/stderr and the documented JSON shapes
(docs/cli.md). The tests do not depend on the question texts of the built-in templates.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
import uuid
from pathlib import Path
from typing import Any

import pytest
from builders import small_template_dict, write_json
from stdnum import luhn

REPO_ROOT = Path(__file__).resolve().parents[2]
COUNTS_AS = {"compliant", "non_compliant", "not_applicable"}
SHEET_HEADER = [
    "ärende",
    "grupp",
    "enhet",
    "granskare",
    "datum",
    "Q1",
    "Q2",
    "Q3",
    "Q3 värde",
    "Q4",
    "Q5",
    "Q1 kommentar",
]


# --------------------------------------------------------------------------- helpers


def _env(tmp_path: Path) -> dict[str, str]:
    """The child's environment: UTF-8 I/O, no inherited database, a private data folder."""
    env = {k: v for k, v in os.environ.items() if k not in ("KVALDESK_DB", "KVALDESK_DATA_DIR")}
    env["PYTHONUTF8"] = "1"
    env["PYTHONIOENCODING"] = "utf-8"
    env["KVALDESK_DATA_DIR"] = str(tmp_path / "data-dir")
    env["QT_QPA_PLATFORM"] = "offscreen"
    return env


def run_command(tmp_path: Path, command: list[str]) -> subprocess.CompletedProcess[str]:
    """Run a command line in a child process and capture its text output."""
    return subprocess.run(
        command,
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=REPO_ROOT,
        env=_env(tmp_path),
        timeout=180,
        check=False,
    )


def kvaldesk(db: Path | None, *args: str) -> subprocess.CompletedProcess[str]:
    """``python -m kvaldesk [--db DB] ARGS``."""
    prefix = ["--db", str(db)] if db is not None else []
    base = db.parent if db is not None else Path.cwd()
    return run_command(base, [sys.executable, "-m", "kvaldesk", *prefix, *args])


def ok(db: Path, *args: str) -> str:
    """Run a command that must succeed; returns its stdout."""
    proc = kvaldesk(db, *args)
    assert proc.returncode == 0, f"{args}: exit {proc.returncode}\n{proc.stderr}"
    return proc.stdout


def ok_json(db: Path, *args: str) -> Any:
    """Run a ``--json`` command that must succeed; returns the parsed JSON."""
    return json.loads(ok(db, *args))


def assert_refused(proc: subprocess.CompletedProcess[str], *needles: str) -> str:
    """Exit 1, nothing on stdout, exactly one line on stderr containing every needle."""
    assert proc.returncode == 1, f"exit {proc.returncode}\nstdout={proc.stdout}\n{proc.stderr}"
    assert proc.stdout == ""
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    for needle in needles:
        assert needle.casefold() in lines[0].casefold(), (needle, lines[0])
    return lines[0]


def console_script() -> list[str]:
    """The installed ``kvaldesk`` console script of this venv (or the launcher via -c)."""
    script = shutil.which("kvaldesk", path=str(Path(sys.executable).parent))
    if script:
        return [script]
    return [sys.executable, "-c", "from ui.launcher import main; import sys; sys.exit(main())"]


def fake_personnummer() -> str:
    """A Luhn-valid 12-digit personnummer for 2012-12-12 that is made up in the test."""
    body = "121212" + "457"  # YYMMDD + serial; the check digit is over these nine digits
    return f"20{body[:6]}-{body[6:]}{luhn.calc_check_digit(body)}"


def sheet_rows() -> list[list[str]]:
    """52 reviewed cases for the small template.

    25 "ny" with Q1 = Ja in 19, 27 "pågående" with Q1 = Ja in 9: Q1 is 28 of 52 overall.
    Q4 (asked only when Q1 is Nej) is blank where Q1 is Ja.
    """
    rows = []
    plan = [("ny", 25, 19, "Utredningsgruppen Öst"), ("pågående", 27, 9, "Mottagningen")]
    number = 0
    for group, count, yes, unit in plan:
        for i in range(count):
            number += 1
            q1 = "Ja" if i < yes else "Nej"
            rows.append(
                [
                    f"ÄR-{number:04d}",
                    group,
                    unit,
                    ("Åsa Testgranskare", "Örjan Bergström", "")[i % 3],
                    f"2026-03-{1 + i % 28:02d}",
                    q1,
                    ("Ja", "Nej", "Ej aktuellt")[i % 3],
                    ("Ja", "Delvis", "Nej", "Ja")[i % 4],
                    str(60 + 7 * i),
                    "" if q1 == "Ja" else ("Ja", "Nej")[i % 2],
                    ("Ja", "Nej")[number % 5 == 0],
                    "" if i % 4 else f"Anteckning {number}, frågan om våld – se journal",
                ]
            )
    return rows


def write_sheet(
    path: Path, rows: list[list[str]], *, delimiter: str = ";", encoding: str = "utf-8-sig"
) -> Path:
    """Write a CSV file with the sheet header and these rows."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(SHEET_HEADER)
    writer.writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def prepare_round(tmp_path: Path, name: str = "x.db") -> tuple[Path, str]:
    """A fresh database with the small template imported and one round; (db, round id)."""
    db = tmp_path / name
    template_file = write_json(tmp_path / "testmall.json", small_template_dict())
    out = ok(db, "templates", "import", str(template_file))
    assert out.startswith(("imported:", "already present:")), out
    round_id = ok(
        db, "rounds", "create", "--template", "testmall", "--name", "Våren 2026", "--target", "90"
    ).strip()
    return db, round_id


def question(results: dict[str, Any], question_id: str) -> dict[str, Any]:
    """The entry of one question in ``results --json``."""
    matches = [q for q in results["questions"] if q["id"] == question_id]
    assert len(matches) == 1, [q["id"] for q in results["questions"]]
    return matches[0]


def assert_counts_shape(counts: dict[str, Any]) -> None:
    """The counts object: n, per-kind counts, share 0–1 or null, a Wilson interval around it."""
    for key in ("n", "compliant", "non_compliant", "not_applicable", "skipped"):
        assert isinstance(counts[key], int) and counts[key] >= 0, (key, counts)
    assert counts["n"] == counts["compliant"] + counts["non_compliant"]
    assert isinstance(counts.get("options", {}), dict)
    share = counts["share"]
    if counts["n"] == 0:
        assert share is None
        return
    assert 0 <= share <= 1
    assert counts["ci_low"] <= share <= counts["ci_high"]
    assert 0 <= counts["ci_low"] <= counts["ci_high"] <= 1


def logical_state(db: Path, round_id: str) -> tuple[Any, Any]:
    """What an import must not change: check counts and the round's results."""
    check = ok_json(db, "check", "--json")
    results = ok_json(db, "results", round_id, "--json")
    return check["counts"], results


# --------------------------------------------------------------------------- templates


def test_templates_list_and_show(tmp_path: Path) -> None:
    db = tmp_path / "x.db"
    listed = ok_json(db, "templates", "list", "--json")
    assert isinstance(listed, list)
    assert len(listed) >= 2
    for item in listed:
        assert isinstance(item["key"], str) and item["key"]
        assert isinstance(item["version"], int) and item["version"] >= 1
        assert isinstance(item["title"], str) and item["title"]
        assert isinstance(item["questions"], int) and item["questions"] > 0
    keys = [t["key"] for t in listed]
    assert len(set(keys)) == len(keys)
    for item in listed:
        shown = ok_json(db, "templates", "show", item["key"], "--json")
        assert shown["key"] == item["key"]
        assert shown["version"] == item["version"]
        assert shown["title"] == item["title"]
        assert len(shown["questions"]) == item["questions"]
        ids = [q["id"] for q in shown["questions"]]
        assert len(set(ids)) == len(ids), item["key"]
        for q in shown["questions"]:
            where = f"{item['key']}/{q['id']}"
            assert isinstance(q["text"], str) and q["text"].strip(), where
            assert q["criterion"], where
            # "critical" is written only when true (the file format's default is false).
            assert isinstance(q.get("critical", False), bool), where
            assert isinstance(q["help"], str) and q["help"].strip(), where
            # Every legal requirement cites its law; a local routine ("local": true) may have
            # none, and an empty list is not written at all.
            if not q.get("local", False):
                assert q.get("legal_refs"), where
            for ref in q.get("legal_refs", []):
                assert ref["law"] and isinstance(ref["verified"], bool), where
            if q.get("kind", "choice") == "choice":
                assert q["options"], where
            for option in q.get("options", []):
                assert option["label"], where
                assert option["counts_as"] in COUNTS_AS, where


def test_templates_show_plain_text_and_unknown_key(tmp_path: Path) -> None:
    db = tmp_path / "x.db"
    key = ok_json(db, "templates", "list", "--json")[0]["key"]
    assert key in ok(db, "templates", "show", key)
    assert_refused(kvaldesk(db, "templates", "show", "finns-inte"), "finns-inte")


def test_export_then_import_into_fresh_database(tmp_path: Path) -> None:
    source = tmp_path / "a" / "a.db"
    source.parent.mkdir()
    template_file = write_json(tmp_path / "testmall.json", small_template_dict())
    assert ok(source, "templates", "import", str(template_file)).startswith("imported:")
    assert ok(source, "templates", "import", str(template_file)).startswith("already present:")
    builtin = ok_json(source, "templates", "list", "--json")[0]["key"]

    exported_small = tmp_path / "export-testmall.json"
    exported_builtin = tmp_path / "export-builtin.json"
    assert ok(source, "templates", "export", "testmall", str(exported_small)).startswith(
        "exported:"
    )
    ok(source, "templates", "export", builtin, str(exported_builtin))
    assert json.loads(exported_small.read_text("utf-8"))["key"] == "testmall"

    fresh = tmp_path / "b" / "b.db"
    fresh.parent.mkdir()
    assert ok(fresh, "templates", "import", str(exported_builtin)).startswith("already present:")
    first = ok(fresh, "templates", "import", str(exported_small))
    assert first.startswith("imported: testmall version 1"), first
    second = ok(fresh, "templates", "import", str(exported_small))
    assert second.startswith("already present: testmall version 1"), second
    shown = ok_json(fresh, "templates", "show", "testmall", "--json")
    assert [q["id"] for q in shown["questions"]] == ["Q1", "Q2", "Q3", "Q4", "Q5"]


def test_import_same_file_twice_when_it_spells_out_defaults(tmp_path: Path) -> None:
    """The content hash is over the normalised form, so explicit defaults are no change."""
    db = tmp_path / "x.db"
    data = small_template_dict()
    data["questions"][1]["critical"] = False
    data["questions"][2]["number_field"]["integer"] = True
    template_file = write_json(tmp_path / "explicit.json", data)
    assert ok(db, "templates", "import", str(template_file)).startswith("imported:")
    assert ok(db, "templates", "import", str(template_file)).startswith("already present:")


def test_import_invalid_json_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "x.db"
    before = ok_json(db, "check", "--json")["counts"]
    broken = tmp_path / "trasig-mall.json"
    broken.write_text('{"format": "kvaldesk-template", "key": ', encoding="utf-8")
    assert_refused(kvaldesk(db, "templates", "import", str(broken)), "trasig-mall.json")
    assert ok_json(db, "check", "--json")["counts"] == before


def test_import_schema_error_names_file_and_question(tmp_path: Path) -> None:
    db = tmp_path / "x.db"
    before = ok_json(db, "check", "--json")["counts"]
    data = small_template_dict()
    data["questions"][2]["criterion"] = "XX"
    bad = write_json(tmp_path / "felaktig-mall.json", data)
    assert_refused(kvaldesk(db, "templates", "import", str(bad)), "felaktig-mall.json", "Q3")
    assert ok_json(db, "check", "--json")["counts"] == before
    assert "testmall" not in [t["key"] for t in ok_json(db, "templates", "list", "--json")]


# --------------------------------------------------------------------------- rounds


def test_rounds_create_and_list(tmp_path: Path) -> None:
    db, round_id = prepare_round(tmp_path)
    assert str(uuid.UUID(round_id)) == round_id
    listed = ok_json(db, "rounds", "list", "--json")
    assert [r["id"] for r in listed] == [round_id]
    item = listed[0]
    assert item["name"] == "Våren 2026"
    assert item["template"] == "testmall"
    assert item["template_version"] == 1
    assert item["target"] == 90
    assert item["status"] == "open"
    assert (item["cases"], item["reviews"], item["complete"]) == (0, 0, 0)
    assert round_id in ok(db, "rounds", "list")


def test_rounds_create_unknown_template_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "x.db"
    proc = kvaldesk(db, "rounds", "create", "--template", "finns-inte", "--name", "X")
    assert_refused(proc, "finns-inte")
    assert ok_json(db, "rounds", "list", "--json") == []


# --------------------------------------------------------------------------- sheet + results


@pytest.fixture(scope="module")
def imported_round(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """A round with the 52-row UTF-8 (BOM, semicolon) sheet imported.

    Shared by the tests below, which only read it (or assert that a refused import left it
    unchanged).
    """
    folder = tmp_path_factory.mktemp("imported")
    db, round_id = prepare_round(folder)
    sheet = write_sheet(folder / "granskning.csv", sheet_rows())
    assert sheet.read_bytes().startswith(b"\xef\xbb\xbf")
    out = ok(db, "sheet", "import", round_id, str(sheet))
    assert out.startswith("imported: 52 reviews, 52 new cases from 52 rows"), out
    return db, round_id


def test_sheet_import_and_results(imported_round: tuple[Path, str]) -> None:
    db, round_id = imported_round
    results = ok_json(db, "results", round_id, "--json")
    assert results["round"]["id"] == round_id
    assert results["round"]["name"] == "Våren 2026"
    assert results["reviews"] == 52
    assert results["group_by"] is None
    q1 = question(results, "Q1")
    assert (q1["n"], q1["compliant"], q1["non_compliant"]) == (52, 28, 24)
    assert q1["share"] == pytest.approx(28 / 52)
    assert q1["options"] == {"Ja": 28, "Nej": 24}
    assert q1["critical"] is True
    assert q1["target"] == 90
    assert q1["previous"] is None
    assert "groups" not in q1
    q4 = question(results, "Q4")
    assert q4["n"] == 24  # asked only where Q1 is Nej
    q3 = question(results, "Q3")
    assert q3["numbers"]["count"] == 52
    for q in results["questions"]:
        assert_counts_shape(q)
    assert_counts_shape(results["overall"])
    for criterion in results["criteria"]:
        assert_counts_shape(criterion)
    findings = results["critical_findings"]
    assert len(findings) == 24
    assert {f["question"] for f in findings} == {"Q1"}
    assert any("frågan om våld" in f["comment"] for f in findings)
    assert ok_json(db, "rounds", "list", "--json")[0]["complete"] == 52


def test_results_by_subgroup(imported_round: tuple[Path, str]) -> None:
    db, round_id = imported_round
    results = ok_json(db, "results", round_id, "--json", "--by", "subgroup")
    assert results["group_by"] == "subgroup"
    q1 = question(results, "Q1")
    assert (q1["n"], q1["compliant"]) == (52, 28)
    groups = q1["groups"]
    assert set(groups) == {"ny", "pågående"}
    assert (groups["ny"]["n"], groups["ny"]["compliant"]) == (25, 19)
    assert groups["ny"]["share"] == pytest.approx(0.76)
    assert (groups["pågående"]["n"], groups["pågående"]["compliant"]) == (27, 9)
    assert groups["pågående"]["share"] == pytest.approx(9 / 27)
    for counts in groups.values():
        assert_counts_shape(counts)
    for criterion in results["criteria"]:
        assert set(criterion["groups"]) <= {"ny", "pågående"}
    text = ok(db, "results", round_id, "--by", "subgroup")
    assert "Q1" in text and "pågående" in text


def test_results_by_criterion_text(imported_round: tuple[Path, str]) -> None:
    db, round_id = imported_round
    text = ok(db, "results", round_id, "--by", "criterion")
    assert "52" in text
    assert "TS" in text


def test_cp1252_comma_sheet_imports_the_same(
    imported_round: tuple[Path, str], tmp_path: Path
) -> None:
    db, round_id = imported_round
    other_dir = tmp_path / "cp1252"
    other_dir.mkdir()
    other_db, other_round = prepare_round(other_dir)
    sheet = write_sheet(
        other_dir / "granskning-ansi.csv", sheet_rows(), delimiter=",", encoding="cp1252"
    )
    raw = sheet.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")
    assert "ärende".encode("cp1252") in raw
    out = ok(other_db, "sheet", "import", other_round, str(sheet))
    assert out.startswith("imported: 52 reviews"), out

    def comparable(results: dict[str, Any]) -> dict[str, Any]:
        results = dict(results)
        results.pop("round")
        results["critical_findings"] = [
            {k: v for k, v in f.items() if k != "review_id"} for f in results["critical_findings"]
        ]
        return results

    for by in ((), ("--by", "subgroup")):
        first = ok_json(db, "results", round_id, "--json", *by)
        second = ok_json(other_db, "results", other_round, "--json", *by)
        assert comparable(second) == comparable(first)


def test_refused_sheets_change_nothing(imported_round: tuple[Path, str], tmp_path: Path) -> None:
    """A personnummer in a comment, or an unknown column, refuses the whole file."""
    db, round_id = imported_round
    before = logical_state(db, round_id)
    before_rounds = ok_json(db, "rounds", "list", "--json")

    number = fake_personnummer()
    rows = [[f"NY-{i:04d}", *row[1:]] for i, row in enumerate(sheet_rows())]
    rows[10][-1] = f"Barnets pnr {number} stod i anteckningen"
    sheet = write_sheet(tmp_path / "med-pnr.csv", rows)
    line = assert_refused(kvaldesk(db, "sheet", "import", round_id, str(sheet)), "personnummer")
    assert number not in line and number.replace("-", "") not in line

    unknown = tmp_path / "okand.csv"
    unknown.write_text("ärende;Q1;Q2;Q3;Q5;Q99\nX-1;Ja;Ja;Ja;Ja;Ja\n", encoding="utf-8-sig")
    assert_refused(kvaldesk(db, "sheet", "import", round_id, str(unknown)), "okand.csv", "Q99")

    assert logical_state(db, round_id) == before
    assert ok_json(db, "rounds", "list", "--json") == before_rounds


def test_results_of_unknown_round_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "x.db"
    assert_refused(kvaldesk(db, "results", str(uuid.uuid4()), "--json"))


# --------------------------------------------------------------------------- usage


@pytest.mark.parametrize(
    "args",
    [
        ["frobnicate"],
        ["templates"],
        ["templates", "show"],
        ["rounds", "create", "--template", "testmall"],
        ["sheet", "import", "only-a-round-id"],
        ["results"],
        ["results", "x", "--by", "planet"],
        ["demo", "--reviews", "many"],
        ["demo", "--reviews", "-1"],
    ],
    ids=lambda args: " ".join(args),
)
def test_usage_errors_exit_2(tmp_path: Path, args: list[str]) -> None:
    db = tmp_path / "x.db"
    proc = kvaldesk(db, *args)
    assert proc.returncode == 2, (proc.returncode, proc.stdout, proc.stderr)
    assert proc.stderr.strip()
    assert proc.stdout == ""


def test_no_command_exits_2_with_help(tmp_path: Path) -> None:
    proc = kvaldesk(tmp_path / "x.db")
    assert proc.returncode == 2
    assert "usage:" in proc.stdout


def test_help_lists_commands(tmp_path: Path) -> None:
    proc = kvaldesk(tmp_path / "x.db", "--help")
    assert proc.returncode == 0
    for command in ("templates", "rounds", "sheet", "results", "demo", "check"):
        assert command in proc.stdout, command
    assert not (tmp_path / "x.db").exists()


def test_version(tmp_path: Path) -> None:
    proc = kvaldesk(tmp_path / "x.db", "--version")
    assert proc.returncode == 0
    assert proc.stdout.startswith("kvaldesk ")


# --------------------------------------------------------------------------- demo, check


def test_demo_is_deterministic_by_seed(tmp_path: Path) -> None:
    outputs = []
    for name in ("first", "second"):
        folder = tmp_path / name
        folder.mkdir()
        db = folder / "demo.db"
        out = ok(db, "demo", "--reviews", "200", "--seed", "7")
        assert out.startswith("demo:") and "200 reviews" in out, out
        listed = sorted(ok_json(db, "rounds", "list", "--json"), key=lambda r: r["name"])
        assert len(listed) >= 2
        assert sum(r["complete"] for r in listed) == 200
        first_round = listed[0]["id"]
        outputs.append((listed, ok_json(db, "results", first_round, "--json")))
    assert outputs[0] == outputs[1]
    results = outputs[0][1]
    assert results["reviews"] > 0
    for q in results["questions"]:
        assert_counts_shape(q)


def test_check_json(tmp_path: Path) -> None:
    db, _ = prepare_round(tmp_path)
    report = ok_json(db, "check", "--json")
    assert report["ok"] is True
    assert report["integrity"] == ["ok"]
    assert isinstance(report["schema_version"], str) and report["schema_version"]
    assert isinstance(report["machine_id"], str) and report["machine_id"]
    counts = report["counts"]
    for table in ("templates", "rounds", "cases", "reviews", "answers", "actions", "audit_log"):
        assert isinstance(counts[table], int), table
    assert counts["rounds"] == 1
    assert counts["templates"] >= 3  # built-ins plus the small template
    assert "integrity: ok" in ok(db, "check")


# --------------------------------------------------------------------------- entry points


def test_console_script_runs_the_cli(tmp_path: Path) -> None:
    db, round_id = prepare_round(tmp_path)
    command = console_script()
    proc = run_command(tmp_path, [*command, "--db", str(db), "rounds", "list", "--json"])
    assert proc.returncode == 0, proc.stderr
    assert [r["id"] for r in json.loads(proc.stdout)] == [round_id]
    proc = run_command(tmp_path, [*command, "--db", str(db), "frobnicate"])
    assert proc.returncode == 2
    proc = run_command(tmp_path, [*command, "--db", str(db), "results", str(uuid.uuid4())])
    assert_refused(proc)


def test_database_from_environment(tmp_path: Path) -> None:
    env_db = tmp_path / "from-env" / "env.db"
    env = _env(tmp_path) | {"KVALDESK_DB": str(env_db)}
    proc = subprocess.run(
        [sys.executable, "-m", "kvaldesk", "check", "--json"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=REPO_ROOT,
        env=env,
        timeout=180,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert env_db.exists()
    env.pop("KVALDESK_DB")
    proc = subprocess.run(
        [sys.executable, "-m", "kvaldesk", "check", "--json"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=REPO_ROOT,
        env=env,
        timeout=180,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert (Path(env["KVALDESK_DATA_DIR"]) / "kvaldesk.db").exists()


NO_QT_PROGRAM = """
import sys
from ui.launcher import main
rc = main(sys.argv[1:])
assert 'PySide6' not in sys.modules, 'Qt loaded'
assert 'shiboken6' not in sys.modules, 'shiboken loaded'
sys.exit(rc)
"""


def test_cli_commands_do_not_load_qt(imported_round: tuple[Path, str], tmp_path: Path) -> None:
    db, round_id = imported_round
    commands = [
        ["templates", "show", "testmall", "--json"],
        ["results", round_id],
        ["results", round_id, "--json", "--by", "subgroup"],
        ["check", "--json"],
    ]
    for args in commands:
        proc = run_command(tmp_path, [sys.executable, "-c", NO_QT_PROGRAM, "--db", str(db), *args])
        assert proc.returncode == 0, (args, proc.stderr)
    # The exact form from the brief, with the database path inlined.
    program = (
        f"import sys; from ui.launcher import main; "
        f"rc = main(['--db', {str(db)!r}, 'templates', 'list']); "
        "assert 'PySide6' not in sys.modules, 'Qt loaded'; sys.exit(rc)"
    )
    proc = run_command(tmp_path, [sys.executable, "-c", program])
    assert proc.returncode == 0, proc.stderr
