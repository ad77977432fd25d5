"""Size and start-up of the standalone application (dist/kvaldesk) beside the smallest PySide6
window built the same way with PyInstaller (bench/minimal_window.py); writes
docs/benchmarks-dist.md.

    uv run --locked python -m bench.bench_startup_dist [--runs 7] [--no-untrimmed]

Builds what is missing or out of date: dist/kvaldesk (``make dist/kvaldesk/kvaldesk``), the
minimal window (build/work/dist-minimal) and, unless ``--no-untrimmed``, kvaldesk without the
spec's trimming (KVALDESK_BUILD_UNTRIMMED=1, build/work/dist-untrimmed) to show what the
trimming saves. All build output stays in the git-ignored build/work/.

Start-up is the wall-clock time from starting the process until it exits after painting its
main window into a PNG (``gui --screenshot`` for kvaldesk, ``--screenshot`` for the minimal
window; offscreen platform), and until ``--version`` has printed for the command line. Each
figure is the median of several runs after one warm-up run.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # also runnable as `python bench/bench_startup_dist.py`
    sys.path.insert(0, str(ROOT))

from bench.machine import describe  # noqa: E402

APP_DIR = ROOT / "dist" / "kvaldesk"
WORK = ROOT / "build" / "work"
MINIMAL_DIR = WORK / "dist-minimal" / "minimal_window"
UNTRIMMED_DIR = WORK / "dist-untrimmed" / "kvaldesk"
BUILD_ENV = ROOT / ".venv-build"
OUTPUT = ROOT / "docs" / "benchmarks-dist.md"
EXE = ".exe" if sys.platform == "win32" else ""
MB = 1024 * 1024


def pyinstaller() -> Path:
    """PyInstaller of the build environment (made by ``make dist``)."""
    folder = "Scripts" if sys.platform == "win32" else "bin"
    return BUILD_ENV / folder / f"pyinstaller{EXE}"


def build_app() -> None:
    """dist/kvaldesk, rebuilt by make only when a source changed."""
    subprocess.run(["make", "-s", f"dist/kvaldesk/kvaldesk{EXE}"], cwd=ROOT, check=True)


def build_minimal() -> None:
    """The minimal window, one folder, console, stripped on Linux: as kvaldesk is built."""
    strip = ["--strip"] if sys.platform.startswith("linux") else []
    subprocess.run(
        [
            str(pyinstaller()),
            "--noconfirm",
            "--clean",
            "--onedir",
            "--console",
            *strip,
            "--log-level",
            "WARN",
            "--name",
            "minimal_window",
            "--workpath",
            str(WORK / "minimal"),
            "--specpath",
            str(WORK / "minimal"),
            "--distpath",
            str(MINIMAL_DIR.parent),
            str(ROOT / "bench" / "minimal_window.py"),
        ],
        cwd=ROOT,
        check=True,
    )


def build_untrimmed() -> None:
    """kvaldesk without the spec's exclusions, plugin/translation filters and pruning."""
    subprocess.run(
        [
            str(pyinstaller()),
            "--noconfirm",
            "--log-level",
            "WARN",
            "--workpath",
            str(WORK / "untrimmed"),
            "--distpath",
            str(UNTRIMMED_DIR.parent),
            str(ROOT / "build" / "kvaldesk.spec"),
        ],
        cwd=ROOT,
        check=True,
        env={**os.environ, "KVALDESK_BUILD_UNTRIMMED": "1"},
    )


# --- size --------------------------------------------------------------------------------------


def _is_qt_library(path: str, name: str) -> bool:
    return "/Qt/lib/" in path or name.startswith(("libQt6", "Qt6", "libicu", "icu"))


def _is_python(path: str, name: str) -> bool:
    return (
        name.startswith(("libpython", "python3"))
        or name == "base_library.zip"
        or "/lib-dynload/" in path
        or "/_internal/python3." in path
    )


def _is_package(path: str, name: str) -> bool:
    parts = path.split("/")
    in_folder = len(parts) > 3  # app/_internal/<folder>/...
    return in_folder or ".cpython-" in name or name.endswith(".pyd")


CATEGORIES: list[tuple[str, Callable[[str, str], bool]]] = [
    ("Qt libraries (Qt6*, ICU)", _is_qt_library),
    ("Qt plugins (platforms, image formats, printing …)", lambda p, _n: "/Qt/plugins/" in p),
    ("Qt translations (sv, en)", lambda p, _n: "/Qt/translations/" in p),
    (
        "PySide6 / shiboken6 bindings",
        lambda p, n: "/PySide6/" in p or "shiboken6" in p or n.startswith("libpyside6"),
    ),
    (
        "kvaldesk resources (templates, schemas, fonts, icons, translations)",
        lambda p, _n: "/_internal/resources/" in p,
    ),
    ("Python (libpython, standard library, extension modules)", _is_python),
    ("Executables (bootloader + compiled Python code)", lambda p, _n: p.count("/") == 1),
    ("Python packages (cryptography, pypdfium2, Pillow, babel, reportlab …)", _is_package),
    ("Other shared libraries (X11, fontconfig, CUPS, OpenSSL …)", lambda _p, _n: True),
]


def breakdown(folder: Path) -> dict[str, int]:
    """Bytes per category (first matching category wins) of a one-folder application."""
    sizes = dict.fromkeys((label for label, _ in CATEGORIES), 0)
    for file in folder.rglob("*"):
        if file.is_file() and not file.is_symlink():
            path = "app/" + file.relative_to(folder).as_posix()
            label = next(label for label, test in CATEGORIES if test(path, file.name))
            sizes[label] += file.stat().st_size
    return sizes


def largest_files(folder: Path, count: int = 10) -> list[tuple[str, int]]:
    """The biggest files of the application folder."""
    files = [
        (f.relative_to(folder).as_posix(), f.stat().st_size)
        for f in folder.rglob("*")
        if f.is_file() and not f.is_symlink()
    ]
    return sorted(files, key=lambda item: -item[1])[:count]


# --- start-up ----------------------------------------------------------------------------------


def timed(command: Sequence[str], env: dict[str, str], runs: int) -> list[float]:
    """Wall-clock seconds of ``runs`` runs of command (after one warm-up run)."""
    times: list[float] = []
    for run in range(runs + 1):
        start = time.perf_counter()
        done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
        elapsed = time.perf_counter() - start
        if done.returncode != 0:
            raise RuntimeError(f"{' '.join(command)} failed:\n{done.stderr[-2000:]}")
        if run > 0:
            times.append(elapsed)
    return times


def startup(runs: int, work: Path) -> list[tuple[str, list[float]]]:
    """Start-up figures of the built kvaldesk, kvaldesk from source and the minimal window."""
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "HOME": str(work),
        "XDG_CONFIG_HOME": str(work / "config"),
        "KVALDESK_DATA_DIR": str(work / "data"),
    }
    env.pop("KVALDESK_DB", None)
    built = str(APP_DIR / f"kvaldesk{EXE}")
    companion = APP_DIR / "kvaldesk-cli.exe"  # Windows: the windowed .exe prints nothing
    cli = str(companion) if companion.exists() else built
    source = [sys.executable, "-m", "ui.launcher"]
    minimal = str(MINIMAL_DIR / f"minimal_window{EXE}")
    empty, demo, png = work / "empty.db", work / "demo.db", str(work / "shot.png")
    subprocess.run([cli, "--db", str(empty), "check"], env=env, check=True, capture_output=True)
    subprocess.run([cli, "--db", str(demo), "demo"], env=env, check=True, capture_output=True)
    shot = ["gui", "--screenshot", png]
    cases: list[tuple[str, Sequence[str]]] = [
        ("Minimal PySide6 window, built", [minimal, "--screenshot", png]),
        ("kvaldesk window, built, empty database", [built, "--db", str(empty), *shot]),
        ("kvaldesk window, built, demo database (60 reviews)", [built, "--db", str(demo), *shot]),
        (
            "Minimal PySide6 window, from source",
            [sys.executable, str(ROOT / "bench" / "minimal_window.py"), "--screenshot", png],
        ),
        ("kvaldesk window, from source, demo database", [*source, "--db", str(demo), *shot]),
        ("Minimal program `--version`, built (no Qt)", [minimal, "--version"]),
        ("kvaldesk `--version`, built", [cli, "--version"]),
        ("kvaldesk `templates list`, built", [cli, "--db", str(demo), "templates", "list"]),
        ("kvaldesk `--version`, from source", [*source, "--version"]),
    ]
    return [(label, timed(command, env, runs)) for label, command in cases]


# --- report ------------------------------------------------------------------------------------


def _mb(size: int) -> str:
    return f"{size / MB:.1f} MB"


def pyinstaller_version() -> str:
    done = subprocess.run([str(pyinstaller()), "--version"], capture_output=True, text=True)
    return done.stdout.strip() or "unknown"


def summary(times: list[tuple[str, list[float]]]) -> str:
    """The comparison in words, from the medians."""
    median = {label: statistics.median(values) for label, values in times}

    def find(*words: str) -> float:
        return next(v for label, v in median.items() if all(w in label for w in words))

    window, floor = find("kvaldesk window, built, demo"), find("Minimal", "window, built")
    source = find("kvaldesk window, from source")
    cli, cli_floor = find("kvaldesk `--version`, built"), find("Minimal program")
    return (
        f"The built kvaldesk window is painted {window - floor:.2f} s after the minimal "
        f"window's ({window:.2f} s against {floor:.2f} s): the application's own imports "
        f"(engine, reportlab, openpyxl …), opening the database and building its views. From "
        f"source the same window takes {source:.2f} s. The CLI never loads Qt: `--version` "
        f"takes {cli:.2f} s against {cli_floor:.2f} s for a built program that only prints."
    )


def markdown(
    machine: dict[str, str],
    trimmed: dict[str, int],
    untrimmed: dict[str, int] | None,
    minimal: dict[str, int],
    largest: list[tuple[str, int]],
    times: list[tuple[str, list[float]]],
    runs: int,
) -> str:
    """docs/benchmarks-dist.md."""
    lines = [
        "# The standalone application: size and start-up",
        "",
        "Measured by `bench/bench_startup_dist.py` (`uv run --locked python -m "
        "bench.bench_startup_dist`) on the one-folder build made by `make dist` "
        "([building.md](building.md)), beside the smallest PySide6 window "
        "(`bench/minimal_window.py`: an empty `QMainWindow`) built the same way with PyInstaller.",
        "",
        f"- Date: {machine['date']}",
        f"- Machine: {machine['machine']}; load average before the run {machine['load']} "
        "(two cores shared with other work: treat the times as rough)",
        f"- Versions: {machine['versions']}, PyInstaller {pyinstaller_version()}, "
        f"{platform.platform()}",
        "",
        "## Size of dist/kvaldesk",
        "",
    ]
    header = "| Part | trimmed (`make dist`) |"
    rule = "|---|---:|"
    if untrimmed:
        header += " untrimmed |"
        rule += "---:|"
    header += " minimal window |"
    rule += "---:|"
    lines += [header, rule]
    for label in trimmed:
        row = f"| {label} | {_mb(trimmed[label])} |"
        if untrimmed:
            row += f" {_mb(untrimmed[label])} |"
        row += f" {_mb(minimal[label])} |"
        lines.append(row)
    total = f"| **Total** | **{_mb(sum(trimmed.values()))}** |"
    if untrimmed:
        total += f" {_mb(sum(untrimmed.values()))} |"
    total += f" {_mb(sum(minimal.values()))} |"
    lines += [total, ""]
    lines += [
        "*Trimmed* is what `make dist` ships: only the Qt modules the application imports "
        "(QtCore, QtGui, QtWidgets, QtPrintSupport, QtSvg, QtSvgWidgets), no unused Qt plugins "
        "(eglfs, linuxfb, VNC, GTK3 theme, TIFF/WebP …) or Qt/Babel translations other than "
        "Swedish and English, and no shared libraries that only removed plugins linked to; "
        "*untrimmed* is the same spec with `KVALDESK_BUILD_UNTRIMMED=1`. The minimal window is "
        "PyInstaller's default for a program importing QtWidgets (its Qt hooks already leave "
        "out the modules it does not import). The rest of kvaldesk's size over the minimal "
        "window is what the application needs beyond an empty window: printing (QtPrintSupport, "
        "CUPS), SVG, PDF writing and printing (reportlab, pypdfium2), encryption "
        "(cryptography), spreadsheets (openpyxl) and ICU for Qt's Swedish collation.",
        "",
        "Largest files:",
        "",
        "| File | Size |",
        "|---|---:|",
        *(f"| `{name}` | {_mb(size)} |" for name, size in largest),
        "",
        "## Start-up",
        "",
        f"Median of {runs} runs after one warm-up run (min – max in brackets). Window figures are "
        "the time from starting the process until it has painted its 1280×820 main window "
        "into a PNG and exited (`gui --screenshot`, offscreen platform); with the demo database "
        "kvaldesk also loads the first round's cases into the window.",
        "",
        "| Program | Median | Range |",
        "|---|---:|---:|",
    ]
    for label, values in times:
        lines.append(
            f"| {label} | {statistics.median(values):.2f} s | "
            f"{min(values):.2f} – {max(values):.2f} s |"
        )
    lines += [
        "",
        summary(times),
        "",
    ]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Build what is needed, measure, write docs/benchmarks-dist.md."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--no-untrimmed", action="store_true", help="skip the untrimmed build")
    args = parser.parse_args(argv)
    machine = describe()
    build_app()
    build_minimal()
    untrimmed = None
    if not args.no_untrimmed:
        build_untrimmed()
        untrimmed = breakdown(UNTRIMMED_DIR)
        shutil.rmtree(UNTRIMMED_DIR.parent, ignore_errors=True)
    trimmed = breakdown(APP_DIR)
    minimal = breakdown(MINIMAL_DIR)
    with tempfile.TemporaryDirectory(prefix="kvaldesk-bench-dist-") as folder:
        times = startup(args.runs, Path(folder))
    text = markdown(machine, trimmed, untrimmed, minimal, largest_files(APP_DIR), times, args.runs)
    OUTPUT.write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
