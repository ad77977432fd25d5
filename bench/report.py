"""docs/benchmarks.md from the figures of one run, with the notes in bench/notes.md."""

from __future__ import annotations

from pathlib import Path
from typing import Any

NOTES = Path(__file__).resolve().parent / "notes.md"


def _mark(ok: bool) -> str:
    return "met" if ok else "**missed**"


def _size_label(size: str) -> str:
    return f"{int(size):,}".replace(",", " ")


def _goals(f: dict[str, Any]) -> list[tuple[str, str, str, str, str, bool]]:
    """(figure, value, floor, ratio, goal, met) rows of the summary table."""
    rows: list[tuple[str, str, str, str, str, bool]] = []
    s = f["startup"]
    ratio = s["app_s"] / s["floor_s"]
    rows.append(
        (
            f"Start-up to first painted window, {_size_label(str(s['reviews']))} reviews "
            f"(median of {s['runs']})",
            f"{s['app_s']:.2f} s",
            f"{s['floor_s']:.2f} s (bare QMainWindow)",
            f"{ratio:.2f}×",
            "≤ 1.5×",
            ratio <= 1.5,
        )
    )
    m = f["memory"]
    extra = m["app_results_mb"] - m["floor_mb"]
    rows.append(
        (
            f"Memory (RSS) of the window, {_size_label(str(m['reviews']))} reviews, after "
            "showing the largest round's results",
            f"{m['app_results_mb']:.0f} MB (after start-up {m['app_mb']:.0f} MB)",
            f"{m['floor_mb']:.0f} MB (bare window)",
            f"+{extra:.0f} MB",
            "≤ +150 MB",
            extra <= 150,
        )
    )
    for size, at in f["sizes"].items():
        label = _size_label(size)
        sv = at["save"]
        p50, p99 = sv["p50_ms"] / sv["floor_p50_ms"], sv["p99_ms"] / sv["floor_p99_ms"]
        rows.append(
            (
                f"Saving one answer p50 / p99 ({label})",
                f"{sv['p50_ms']:.2f} / {sv['p99_ms']:.2f} ms",
                f"{sv['floor_p50_ms']:.3f} / {sv['floor_p99_ms']:.3f} ms (raw upsert + commit)",
                f"{p50:.0f}× / {p99:.0f}×",
                "≤ 2×, p99 < 10 ms",
                p50 <= 2 and p99 <= 2 and sv["p99_ms"] < 10,
            )
        )
        r = at["results"]
        ratio = r["round_s"] / r["round_floor_s"]
        rows.append(
            (
                f"Results of the round of {_size_label(str(r['round_reviews']))} reviews ({label})",
                f"{1000 * r['round_s']:.0f} ms",
                f"{1000 * r['round_floor_s']:.0f} ms (one GROUP BY)",
                f"{ratio:.2f}×",
                "≤ 1.5×, < 100 ms",
                ratio <= 1.5 and r["round_s"] < 0.1,
            )
        )
        ratio = r["all_s"] / r["all_floor_s"]
        rows.append(
            (
                f"Results of all {r['rounds']} rounds ({label})",
                f"{1000 * r['all_s']:.0f} ms",
                f"{1000 * r['all_floor_s']:.0f} ms (one GROUP BY)",
                f"{ratio:.2f}×",
                "≤ 1.5×",
                ratio <= 1.5,
            )
        )
        i = at["import"]
        throughput = i["floor_s"] / i["import_s"]
        rows.append(
            (
                f"Import of {i['packages']} packages ({_size_label(str(i['answers']))} answers) "
                f"into the database of {label}",
                f"{i['import_s']:.2f} s",
                f"{i['floor_s']:.2f} s (executemany, one transaction)",
                f"{throughput:.2f}× throughput",
                "≥ 0.3×",
                throughput >= 0.3,
            )
        )
        p = at["pdf"]
        ratio = p["seconds"] / p["floor_s"]
        rows.append(
            (
                f"Round report PDF, {p['pages']} pages ({label}); "
                f"{p['pages'] / p['seconds']:.0f} pages/s",
                f"{p['seconds']:.2f} s",
                f"{p['floor_s']:.3f} s (minimal reportlab document); "
                f"plain-table document {p['table_s']:.2f} s",
                f"{ratio:.0f}× (vs plain-table {p['seconds'] / p['table_s']:.1f}×)",
                "≤ 3×",
                ratio <= 3,
            )
        )
        st = at["stalls"]
        worst = max(st[f"{n}_stall_ms"] for n in ("import", "export", "results", "pdf"))
        rows.append(
            (
                f"Longest event-loop stall in the window ({label})",
                ", ".join(
                    f"{n} {st[f'{n}_stall_ms']:.0f} ms"
                    for n in ("import", "export", "results", "pdf")
                ),
                "10 ms heartbeat timer",
                f"{worst:.0f} ms",
                "< 100 ms",
                worst < 100,
            )
        )
    b = f["summaries"]
    ratio = b["seconds"] / b["floor_s"]
    rows.append(
        (
            f"Review summaries PDF, {b['pages']} pages (one per review); "
            f"{b['pages'] / b['seconds']:.0f} pages/s",
            f"{b['seconds']:.2f} s",
            f"{b['floor_s']:.3f} s (minimal reportlab document); "
            f"plain-table document {b['table_s']:.2f} s",
            f"{ratio:.0f}× (vs plain-table {b['seconds'] / b['table_s']:.1f}×)",
            "≤ 3×",
            ratio <= 3,
        )
    )
    return rows


def markdown(f: dict[str, Any]) -> str:
    """The whole page."""
    about, plan = f["about"], f["plan"]
    lines = [
        "# Benchmarks",
        "",
        "Made by `make bench` (`uv run --locked python -m bench`; `--quick` for a dry run with "
        "small sizes). Not part of the tests. Every figure is measured beside a *floor* — the "
        "least work that could give the same result — in the same run, on demo data "
        "(`kvaldesk demo`, seed 7) of "
        + ", ".join(_size_label(str(s)) for s in plan["sizes"])
        + " complete reviews, so the ratio says how much the application adds and how that "
        "grows with the database.",
        "",
    ]
    if plan["quick"]:
        lines += [
            "**This is a `--quick` dry run: the sizes are small and the figures are not "
            "the ones the goals are about.**",
            "",
        ]
    lines += [
        "| | |",
        "|---|---|",
        f"| Date | {about['date']} |",
        f"| Machine | {about['machine']}; load average {about['load']} at the start |",
        f"| Versions | {about['versions']} |",
        f"| Run time | {f['seconds'] / 60:.1f} min (fixtures cached in `bench/.cache/`) |",
        "",
        "## Figures",
        "",
        "| Figure | Measured | Floor | Ratio | Goal | |",
        "|---|---:|---|---:|---|---|",
    ]
    for name, value, floor, ratio, goal, ok in _goals(f):
        lines.append(f"| {name} | {value} | {floor} | {ratio} | {goal} | {_mark(ok)} |")
    lines += [
        "",
        "Seconds in the window of the stall runs (first paint; then each step from start to "
        "last callback): "
        + "; ".join(
            f"{_size_label(size)}: first paint {at['stalls']['first_paint_s']:.1f} s, "
            + ", ".join(
                f"{n} {at['stalls'][f'{n}_s']:.1f} s"
                for n in ("import", "export", "results", "pdf")
            )
            for size, at in f["sizes"].items()
        )
        + ".",
        "",
    ]
    lines += [
        "Where the event loop was during gaps over 50 ms (sampled stacks, innermost last):",
        "",
    ]
    for size, at in f["sizes"].items():
        for n in ("import", "export", "results", "pdf"):
            for where in at["stalls"].get(f"{n}_stall_where", []):
                if where not in ("", "ui/app.run_gui", "worker: ") and "window_probe" not in where:
                    lines.append(f"- {_size_label(size)}, {n}: `{where}`")
    lines.append("")
    notes = NOTES.read_text(encoding="utf-8") if NOTES.exists() else ""
    return "\n".join(lines) + "\n" + notes
