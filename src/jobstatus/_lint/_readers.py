"""Readers turn an input file into records. One reader per input type."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from jobstatus._errors import DecodeError
from jobstatus._json import decode
from jobstatus._lint._model import Record


def read_json(path: Path, name: str) -> Iterator[Record]:
    """A .json file: one payload, or an array of payloads (each one record)."""
    data = path.read_bytes()
    try:
        value = decode(data)
    except DecodeError as exc:
        yield Record(file=name, line=exc.line, error=f"cannot read JSON: {exc}")
        return
    if isinstance(value, list):
        for index, item in enumerate(value):
            yield Record(file=name, entry=index, value=item, decoded=True)
    else:
        yield Record(file=name, line=1, value=value, decoded=True)
