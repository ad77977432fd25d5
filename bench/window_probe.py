"""Run in a separate process by bench/window.py: start a window and report one JSON line.

    python -m bench.window_probe bare
    python -m bench.window_probe app --db PATH [--stalls --share FOLDER --out FOLDER]

Times are measured from ``KVALDESK_BENCH_T0`` (the parent's clock just before it started this
process) to the first paint event of a widget in the main window. ``app`` starts the real
window through ``ui.app.run_gui``; ``--stalls`` then drives import, export, results and the
round report PDF through the window's own code paths (which run their work with ui/tasks.py)
while a 10 ms heartbeat timer records the longest gap of the event loop.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import threading
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

T0 = float(os.environ.get("KVALDESK_BENCH_T0", time.time()))
HEARTBEAT_MS = 10


def _rss_mb() -> tuple[float, float]:
    """(current, peak) resident set size in MB, from /proc."""
    found = {"VmRSS": 0.0, "VmHWM": 0.0}
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            key = line.split(":", 1)[0]
            if key in found:
                found[key] = float(line.split()[1]) / 1024
    except OSError:
        import resource

        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        return peak, peak
    return found["VmRSS"], found["VmHWM"]


def _emit(result: dict[str, Any]) -> None:
    print("BENCH " + json.dumps(result), flush=True)


class Heartbeat:
    """The longest gap between ticks of a 10 ms timer, per phase.

    A watchdog thread also samples the main thread's stack once during each gap longer than
    50 ms, so the page can say what the event loop was busy with (project frames only).
    """

    def __init__(self) -> None:
        from PySide6.QtCore import QTimer

        self.timer = QTimer()
        self.timer.setInterval(HEARTBEAT_MS)
        self.timer.timeout.connect(self._tick)
        self.last = time.perf_counter()
        self.longest = 0.0
        self.samples: list[str] = []
        self._sampled_at = 0.0
        self._main = threading.get_ident()
        threading.Thread(target=self._watch, daemon=True).start()
        self.timer.start()

    def _tick(self) -> None:
        now = time.perf_counter()
        self.longest = max(self.longest, now - self.last - HEARTBEAT_MS / 1000)
        self.last = now

    def _watch(self) -> None:
        while True:
            time.sleep(0.01)
            last = self.last
            if time.perf_counter() - last > 0.05 and self._sampled_at != last:
                self._sampled_at = last
                frames = sys._current_frames()
                main = frames.get(self._main)
                if main is not None:
                    self.samples.append(_where(main))
                if main is None or _where(main).endswith("app.run_gui"):
                    # The event loop waits for the interpreter lock: say who holds it.
                    self.samples += [
                        "worker: " + _where(f)
                        for ident, f in frames.items()
                        if ident not in (self._main, threading.get_ident())
                        and "/kvaldesk/" in "".join(x.filename for x in traceback.extract_stack(f))
                    ]

    def restart(self) -> tuple[float, list[str]]:
        """The longest stall since the last restart (in ms) and the stacks sampled during
        stalls, then start over."""
        self._tick()
        longest, self.longest = self.longest, 0.0
        samples, self.samples = self.samples, []
        return 1000 * longest, samples


def _where(frame: Any) -> str:
    """The innermost project frames of a stack, and the frame it is in now."""
    stack = traceback.extract_stack(frame)
    ours = [
        f"{Path(f.filename).parent.name}/{Path(f.filename).stem}.{f.name}"
        for f in stack
        if "/ui/" in f.filename or "/kvaldesk/" in f.filename
    ]
    now = f"{Path(stack[-1].filename).stem}.{stack[-1].name}"
    return " > ".join([*ours[-3:], now] if ours and not ours[-1].endswith(now) else ours[-4:])


def _fail_fast() -> None:
    """An error dialog would wait for a click that never comes: the probe prints the error
    and ends instead, so that the run fails with the traceback rather than hanging."""
    from PySide6.QtWidgets import QMessageBox

    from ui.errors import ErrorDialog

    def end(text: str) -> None:
        sys.stderr.write(f"probe: the window reported an error:\n{text}\n")
        sys.stderr.flush()
        os._exit(3)

    def hook(kind: type[BaseException], exc: BaseException, tb: Any) -> None:
        end("".join(traceback.format_exception(kind, exc, tb)))

    sys.excepthook = hook
    ErrorDialog.exec = lambda dialog: end(dialog.details.toPlainText())  # type: ignore[method-assign]
    QMessageBox.exec = lambda box: end(f"{box.text()}\n{box.detailedText()}")  # type: ignore[method-assign]


def _first_paint_filter(on_paint: Callable[[], None]) -> Any:
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtWidgets import QMainWindow, QWidget

    class FirstPaint(QObject):
        done = False

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if (
                not self.done
                and event.type() == QEvent.Type.Paint
                and isinstance(watched, QWidget)
                and isinstance(watched.window(), QMainWindow)
            ):
                self.done = True
                on_paint()
            return False

    return FirstPaint()


def run_bare() -> int:
    """A bare PySide6 QMainWindow process: the floor of start-up time and memory."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMainWindow

    app = QApplication(sys.argv[:1])
    result: dict[str, Any] = {}

    def painted() -> None:
        result["first_paint_s"] = time.time() - T0
        QTimer.singleShot(500, settle)

    def settle() -> None:
        result["rss_mb"], result["peak_rss_mb"] = _rss_mb()
        app.quit()

    paint_filter = _first_paint_filter(painted)
    app.installEventFilter(paint_filter)
    window = QMainWindow()
    window.resize(1200, 780)
    window.show()
    app.exec()
    _emit(result)
    return 0


class Driver:
    """Drives the real window after its first paint: waits for background work between steps."""

    def __init__(self, args: argparse.Namespace, result: dict[str, Any]) -> None:
        self.args = args
        self.result = result
        self.steps: list[tuple[str, Callable[[], None]]] = []
        self.heartbeat: Heartbeat | None = None
        self.window: Any = None

    def start(self) -> None:
        from PySide6.QtCore import QTimer
        from PySide6.QtWidgets import QApplication, QMainWindow

        from ui.main_window import MainWindow

        self.window = next(w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow))
        assert isinstance(self.window, QMainWindow)
        _fail_fast()
        if self.args.stalls:
            self._plan_stalls()
        else:
            self._plan_memory()
        self.heartbeat = Heartbeat()
        QTimer.singleShot(0, self._next)

    # Each step starts work; _next waits until the window's tasks are done, then records.
    def _next(self) -> None:
        from PySide6.QtCore import QTimer
        from PySide6.QtWidgets import QApplication

        assert self.heartbeat is not None
        if not self.steps:
            QApplication.instance().quit()  # type: ignore[union-attr]
            return
        name, step = self.steps.pop(0)
        self.heartbeat.restart()
        started = time.perf_counter()
        step()

        def wait() -> None:
            if self.window.context.tasks.busy:
                QTimer.singleShot(20, wait)
                return
            assert self.heartbeat is not None
            QApplication.processEvents()
            stall, samples = self.heartbeat.restart()
            self.result[f"{name}_stall_ms"] = stall
            self.result[f"{name}_stall_where"] = sorted(set(samples))[:6]
            self.result[f"{name}_s"] = time.perf_counter() - started
            QTimer.singleShot(50, self._next)

        QTimer.singleShot(20, wait)

    def _largest_round(self) -> str:
        from kvaldesk.services import rounds

        summaries = [
            s
            for s in rounds.list_rounds(self.window.context.db)
            if s.round.template_key == "barnavardsutredning"
        ]
        return max(summaries, key=lambda s: s.complete).round.id

    def _plan_memory(self) -> None:
        def rss_after_start() -> None:
            self.result["rss_mb"], self.result["peak_rss_mb"] = _rss_mb()

        def results() -> None:
            self.window.show_results(self._largest_round())

        def rss_after_results() -> None:
            self.result["rss_results_mb"], self.result["peak_rss_results_mb"] = _rss_mb()

        self.steps = [
            ("settle", rss_after_start),
            ("results", results),
            ("after", rss_after_results),
        ]

    def _plan_stalls(self) -> None:
        from dataclasses import replace

        from kvaldesk.services import settings as settings_service
        from ui.dialogs.import_dialog import ImportDialog
        from ui.views import report_actions

        context = self.window.context
        out = Path(self.args.out)
        export_folder = out / "export"
        export_folder.mkdir(parents=True, exist_ok=True)
        settings_service.save_settings(
            context.db, replace(context.settings(), shared_folder=str(export_folder))
        )
        self.window._inform = lambda *a, **k: None  # the message box after the export
        report_actions.choose_save_path = lambda *a, **k: out / "rapport.pdf"
        dialog: list[Any] = []

        def import_() -> None:
            dialog.append(ImportDialog(context, self.window))
            dialog[0].show()
            dialog[0].set_folder(self.args.share)
            dialog[0].start()

        def export() -> None:
            dialog[0].close()
            self.window.export_to_shared_folder()

        chosen: list[str] = []

        def choose() -> None:
            # Its own step, so that the probe's query is not counted in the results stall.
            chosen.append(self._largest_round())

        def results() -> None:
            self.window.show_results(chosen[0])

        def pdf() -> None:
            self.window.views["results"].save_report_pdf()

        def check() -> None:
            self.result["pdf_written"] = (out / "rapport.pdf").exists()
            self.result["exported"] = any(export_folder.iterdir())
            self.result["import_summary"] = dialog[0].summary_label.text()

        self.steps = [
            ("import", import_),
            ("export", export),
            ("choose", choose),
            ("results", results),
            ("pdf", pdf),
            ("check", check),
        ]


def run_app(args: argparse.Namespace) -> int:
    """The real window via ui.app.run_gui, with a first-paint filter installed beforehand."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    app = QApplication(sys.argv[:1])
    result: dict[str, Any] = {}
    driver = Driver(args, result)

    def painted() -> None:
        result["first_paint_s"] = time.time() - T0
        QTimer.singleShot(500 if not args.stalls else 0, driver.start)

    paint_filter = _first_paint_filter(painted)
    app.installEventFilter(paint_filter)
    from ui.app import run_gui

    code = run_gui(["--db", args.db])
    _emit(result)
    return code


def main() -> int:
    """Parse the arguments and run one probe."""
    parser = argparse.ArgumentParser()
    parser.add_argument("mode", choices=["bare", "app"])
    parser.add_argument("--db")
    parser.add_argument("--stalls", action="store_true")
    parser.add_argument("--share")
    parser.add_argument("--out")
    args = parser.parse_args()
    return run_bare() if args.mode == "bare" else run_app(args)


if __name__ == "__main__":
    sys.exit(main())
