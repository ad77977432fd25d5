"""The ``kvaldesk`` command: the window, or the CLI when a command is given.

Imports no Qt at module level, so CLI commands never load Qt or need a display.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

GUI_COMMANDS = ("gui",)


def wants_gui(argv: Sequence[str]) -> bool:
    """No arguments (or only ``--db PATH``) or the ``gui`` command opens the window."""
    rest = list(argv)
    if len(rest) >= 2 and rest[0] == "--db":
        rest = rest[2:]
    elif rest and rest[0].startswith("--db="):
        rest = rest[1:]
    return not rest or rest[0] in GUI_COMMANDS


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``kvaldesk`` command."""
    args = list(sys.argv[1:] if argv is None else argv)
    if wants_gui(args):
        from ui.app import run_gui

        return run_gui(args)
    from kvaldesk.cli import main as cli_main

    return cli_main(args)


if __name__ == "__main__":
    sys.exit(main())
