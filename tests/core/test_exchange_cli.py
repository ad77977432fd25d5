"""``kvaldesk export``, ``kvaldesk import`` and ``kvaldesk conflicts``: output lines, JSON
shapes and exit codes (in-process, plus one real child process)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from test_exchange_support import ANSWERS_A, coordinator_round, make_db, review, write_package

from kvaldesk.cli import main
from kvaldesk.services import reviews

REPO_ROOT = Path(__file__).resolve().parents[2]


def run(capsys: pytest.CaptureFixture[str], db: Path, *args: str) -> tuple[int, str, str]:
    """Run the command line in-process; returns (exit code, stdout, stderr)."""
    code = main(["--db", str(db), *args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def setup(tmp_path: Path) -> dict[str, Any]:
    """A reviewer database with one review and the round, and an empty coordinator one."""
    share = tmp_path / "share"
    share.mkdir()
    reviewer = make_db(tmp_path / "reviewer.db", "Åsa Öberg")
    round_id = coordinator_round(reviewer, tmp_path, ("K-1",))
    review_id = review(reviewer, round_id, "K-1", ANSWERS_A, "Åsa Öberg")
    reviewer.close()
    make_db(tmp_path / "coord.db", "Kerstin Samordnare").close()
    return {
        "share": share,
        "reviewer": tmp_path / "reviewer.db",
        "coord": tmp_path / "coord.db",
        "round": round_id,
        "review": review_id,
        "tmp": tmp_path,
    }


def test_export_and_import(capsys: pytest.CaptureFixture[str], setup: dict[str, Any]) -> None:
    share, reviewer, coord = str(setup["share"]), setup["reviewer"], setup["coord"]
    code, out, err = run(capsys, reviewer, "export", "--to", share)
    assert code == 0 and err == "" and out.startswith("exported: ")
    assert "1 granskning," in out
    code, out, _ = run(capsys, reviewer, "export", "--to", share)
    assert code == 0 and out.startswith("nothing to export: Inget nytt")
    code, out, _ = run(
        capsys, reviewer, "export", "--to", share, "--all", "--round", setup["round"]
    )
    assert code == 0 and out.startswith("exported: ")

    code, out, err = run(capsys, coord, "import", share)
    lines = out.splitlines()
    assert code == 0 and err == "" and len(lines) == 2
    assert lines[0].startswith("imported: ") and "1 nya" in lines[0] + lines[1]
    code, out, _ = run(capsys, coord, "import", share, "--json")
    data = json.loads(out)
    assert code == 0 and [o["outcome"] for o in data] == ["already_imported"] * 2
    assert set(data[0]) == {"file", "outcome", "reason", "counts"}


def test_import_exits_1_when_any_file_is_rejected(
    capsys: pytest.CaptureFixture[str], setup: dict[str, Any]
) -> None:
    share = setup["share"]
    run(capsys, setup["reviewer"], "export", "--to", str(share))
    write_package(share, "trasig.kvdpkg", b"inte en zip")
    code, out, err = run(capsys, setup["coord"], "import", str(share))
    lines = out.splitlines()
    assert code == 1 and err == "" and len(lines) == 2
    assert any(line.startswith("imported: ") for line in lines)
    assert any(line.startswith("rejected: ") and "trasig" in line for line in lines)
    code, out, _ = run(capsys, setup["coord"], "import", str(share), "--json")
    outcomes = {Path(o["file"]).name: o for o in json.loads(out)}
    assert code == 1 and outcomes["trasig.kvdpkg"]["outcome"] == "rejected"
    assert outcomes["trasig.kvdpkg"]["reason"]


def test_export_to_an_unreachable_folder_is_one_line_on_stderr(
    capsys: pytest.CaptureFixture[str], setup: dict[str, Any]
) -> None:
    missing = setup["tmp"] / "inte-ansluten"
    code, out, err = run(capsys, setup["reviewer"], "export", "--to", str(missing))
    assert code == 1 and out == "" and len(err.strip().splitlines()) == 1
    assert "kan inte nås" in err and "Inget har gått förlorat" in err


def test_passphrase_file(capsys: pytest.CaptureFixture[str], setup: dict[str, Any]) -> None:
    secret = setup["tmp"] / "lösenfras.txt"
    secret.write_text("rätt häst batteri häftklammer\nandra raden ignoreras\n", encoding="utf-8")
    wrong = setup["tmp"] / "fel.txt"
    wrong.write_text("fel\n", encoding="utf-8")
    share = str(setup["share"])
    code, _, _ = run(capsys, setup["reviewer"], "export", "--to", share,
                     "--passphrase-file", str(secret))  # fmt: skip
    assert code == 0
    code, out, _ = run(capsys, setup["coord"], "import", share)
    assert code == 1 and "paketet är krypterat: ange teamets lösenfras" in out
    code, out, _ = run(capsys, setup["coord"], "import", share, "--passphrase-file", str(wrong))
    assert code == 1 and "fel lösenfras eller ändrad fil" in out
    code, out, _ = run(capsys, setup["coord"], "import", share, "--passphrase-file", str(secret))
    assert code == 0 and out.startswith("imported: ")
    code, _, err = run(capsys, setup["coord"], "import", share, "--passphrase-file", "saknas.txt")
    assert code == 1 and "Lösenfrasen kunde inte läsas" in err


def test_conflicts_list_and_resolve(
    capsys: pytest.CaptureFixture[str], setup: dict[str, Any]
) -> None:
    share, reviewer_path, coord_path = str(setup["share"]), setup["reviewer"], setup["coord"]
    run(capsys, reviewer_path, "export", "--to", share)
    run(capsys, coord_path, "import", share)
    for path, value in ((coord_path, "nej"), (reviewer_path, "ej_aktuellt")):
        db = make_db(path, "Kerstin Samordnare")
        reviews.reopen_review(db, setup["review"], "rättelse")
        reviews.save_answer(db, setup["review"], "Q2", value=value)
        reviews.complete_review(db, setup["review"])
        db.close()
    run(capsys, reviewer_path, "export", "--to", share)
    code, out, _ = run(capsys, coord_path, "import", share)
    assert code == 0 and "imported with conflicts: " in out
    code, out, _ = run(capsys, coord_path, "conflicts", "list", "--json")
    (conflict,) = json.loads(out)
    assert conflict["case"] == "K-1" and conflict["differing_questions"] == ["Q2"]
    code, out, _ = run(capsys, coord_path, "conflicts", "list")
    assert code == 0 and conflict["id"] in out and "K-1" in out
    code, out, _ = run(capsys, coord_path, "conflicts", "resolve", conflict["id"],
                       "--keep", "incoming")  # fmt: skip
    assert code == 0 and out.startswith(f"resolved: {conflict['id']}")
    code, out, _ = run(capsys, coord_path, "conflicts", "list", "--json")
    assert json.loads(out) == []
    code, _, err = run(
        capsys, coord_path, "conflicts", "resolve", conflict["id"], "--keep", "local"
    )
    assert code == 1 and "redan löst" in err


def test_the_real_command_line(setup: dict[str, Any]) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("KVALDESK_DB", "KVALDESK_DATA_DIR")}
    env["PYTHONUTF8"] = "1"
    env["KVALDESK_DATA_DIR"] = str(setup["tmp"] / "data-dir")

    def kvaldesk(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "kvaldesk", "--db", str(db), *args], capture_output=True,
            text=True, encoding="utf-8", cwd=REPO_ROOT, env=env, timeout=120, check=False,
        )  # fmt: skip

    exported = kvaldesk(setup["reviewer"], "export", "--to", str(setup["share"]))
    assert exported.returncode == 0, exported.stderr
    imported = kvaldesk(setup["coord"], "import", str(setup["share"]), "--json")
    assert imported.returncode == 0, imported.stderr
    (outcome,) = json.loads(imported.stdout)
    assert outcome["outcome"] == "imported" and outcome["counts"]["reviews_inserted"] == 1
