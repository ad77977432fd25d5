"""The JSON text of a package's data, record by record: written once, used twice.

The writer joins the records into data.json; the personnummer scan reads them one by one; and
the reader, by encoding what it parsed and comparing with the file, learns cheaply that the file
is exactly what kvaldesk writes (then no object in it can hold a key twice, since the text is
the encoding of dictionaries). Record by record, because the C encoder holds the interpreter
lock for a whole call, and one call over a large package would freeze the window meanwhile.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any


def compact(value: Any) -> str:
    """Compact JSON as packages hold it: UTF-8 text, no spaces, no NaN or Infinity."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)


@dataclass(frozen=True)
class EncodedData:
    """An object of lists encoded as :func:`compact` would, one key and one record at a time."""

    sections: tuple[tuple[str, tuple[str, ...]], ...]

    def text(self) -> str:
        """The whole JSON text, character for character as one :func:`compact` call gives."""
        return (
            "{"
            + ",".join(key + ":[" + ",".join(records) + "]" for key, records in self.sections)
            + "}"
        )

    def chunks(self, records_per_chunk: int = 1000) -> list[bytes]:
        """The UTF-8 bytes of :meth:`text`, in pieces of at most ``records_per_chunk`` records.

        Joining and encoding a large package's text in one call holds the interpreter lock for
        as long (about a second with 100 000 reviews); in pieces, other threads run between.
        """
        out: list[bytes] = []
        for number, (key, records) in enumerate(self.sections):
            head = ("{" if number == 0 else ",") + key + ":["
            if not records:
                out.append((head + "]").encode("utf-8"))
            for start in range(0, len(records), records_per_chunk):
                part = ",".join(records[start : start + records_per_chunk])
                end = "]" if start + records_per_chunk >= len(records) else ","
                out.append(((head if start == 0 else "") + part + end).encode("utf-8"))
        out.append(b"}" if self.sections else b"{}")
        return out

    def pieces(self) -> Iterator[str]:
        """Every encoded key and record (what lies between them holds no text)."""
        for key, records in self.sections:
            yield key
            yield from records


def encode_records(value: Any) -> EncodedData | None:
    """``value`` encoded record by record when it is an object of lists of JSON values;
    None when it is not, or cannot be encoded (then encode it whole, or walk it)."""
    if type(value) is not dict or not all(type(v) is list for v in value.values()):
        return None
    try:
        return EncodedData(
            tuple(
                (compact(str(key)), tuple(compact(item) for item in items))
                for key, items in value.items()
            )
        )
    except (TypeError, ValueError, RecursionError):
        return None
