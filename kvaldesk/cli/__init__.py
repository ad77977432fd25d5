"""The headless command line. Calls services only; never imports Qt.

Exit codes: 0 success, 1 bad input (one-line reason on stderr), 2 usage error.
"""

from kvaldesk.cli.entry import build_parser, main

__all__ = ["build_parser", "main"]
