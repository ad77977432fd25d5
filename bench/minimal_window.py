"""The smallest PySide6 window, built with PyInstaller beside kvaldesk as the floor of its
size and start-up (bench/bench_startup_dist.py).

    minimal_window --version              print a line and exit (no Qt loaded)
    minimal_window --screenshot FILE      show an empty 1280x820 QMainWindow, paint it into
                                          FILE (PNG) and exit, as ``kvaldesk gui --screenshot``
"""

from __future__ import annotations

import sys


def main(argv: list[str]) -> int:
    """Entry point of the minimal program."""
    if argv[:1] == ["--version"]:
        print("minimal_window 1")
        return 0
    from PySide6.QtWidgets import QApplication, QMainWindow

    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    window.setWindowTitle("minimal")
    window.resize(1280, 820)
    window.show()
    app.processEvents()
    if argv[:1] == ["--screenshot"] and len(argv) > 1:
        return 0 if window.grab().save(argv[1]) else 1
    return app.exec()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
