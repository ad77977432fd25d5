"""Shared output helpers of the command line."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from sqlite_utils import Database

from kvaldesk.domain.errors import KvaldeskError, ValidationError

Handler = Callable[[Database, argparse.Namespace], int]
if TYPE_CHECKING:
    Subparsers = argparse._SubParsersAction[argparse.ArgumentParser]
else:
    Subparsers = argparse._SubParsersAction


def print_json(data: Any) -> None:
    """Write JSON (UTF-8, indented) to standard output."""
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def one_line(exc: KvaldeskError) -> str:
    """An engine error as one line for standard error."""
    if isinstance(exc, ValidationError) and exc.problems:
        shown = "; ".join(str(p) for p in exc.problems[:5])
        more = f" (+{len(exc.problems) - 5} till)" if len(exc.problems) > 5 else ""
        return f"{exc.summary} {shown}{more}".replace("\n", " ")
    return str(exc).replace("\n", " ")
