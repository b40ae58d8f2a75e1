"""``jobstatus convert``: translate payloads between formats, with the loss report.

The output keeps the input's shape: one JSON payload in, one out; a JSON array in, an array
out; JSON lines in, JSON lines out. A payload that fails (invalid, refused by --strict, or
impossible in the target) is left out of the output and reported with its location; the
others are still converted.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

import click
import orjson

from jobstatus._convert import Conversion, convert
from jobstatus._errors import DecodeError, JobStatusError
from jobstatus._formats import FORMATS
from jobstatus._json import decode

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


@dataclass
class _Outcome:
    where: str
    conversion: Conversion | None = None
    error: str | None = None


@dataclass
class _Report:
    outcomes: list[dict[str, Any]] = field(default_factory=list)
    failed: int = 0
    converted: int = 0


def _read(stream: BinaryIO, input_type: str | None, name: str) -> tuple[str, Iterator[Any]]:
    """The input's shape ('json', 'array' or 'jsonl') and its payloads (decoded or errors)."""
    if input_type is None and name.endswith((".jsonl", ".ndjson")):
        input_type = "jsonl"
    if input_type == "jsonl":
        return "jsonl", _lines_of(stream)
    data = stream.read()
    try:
        value = decode(data)
    except JobStatusError as exc:
        if input_type is None and data.count(b"\n") > 1:
            return "jsonl", _lines_of(data.splitlines())
        return "json", iter([("", exc)])
    if isinstance(value, list):
        return "array", iter((f"[{i}]", item) for i, item in enumerate(value))
    return "json", iter([("", value)])


def _lines_of(lines: Any) -> Iterator[tuple[str, Any]]:
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            yield f"line {number}", decode(line)
        except DecodeError as exc:
            where = f" at column {exc.column}" if exc.column is not None else ""
            yield f"line {number}", DecodeError(f"{exc.reason}{where}")


def _convert_one(where: str, value: Any, to: str, source: str | None,
                 strict: bool) -> _Outcome:
    if isinstance(value, JobStatusError):
        return _Outcome(where, error=str(value))
    try:
        return _Outcome(where, conversion=convert(value, to, source=source, strict=strict))
    except JobStatusError as exc:
        return _Outcome(where, error=f"{type(exc).__name__}: {exc}")


@click.command("convert")
@click.argument("input_path", metavar="[FILE|-]", default="-")
@click.option("--to", "to", required=True, type=click.Choice(FORMATS), help="Target format.")
@click.option("--from", "source", type=click.Choice(FORMATS),
              help="Source format (detected per payload when omitted).")
@click.option("--strict", is_flag=True, help="Refuse any conversion that loses information.")
@click.option("--report", "report_path", metavar="PATH|-",
              help="Write the loss report as JSON to PATH ('-': stderr) instead of text.")
@click.option("--input-type", type=click.Choice(["json", "jsonl"]),
              help="Read the input as one JSON document or as JSON lines (default: by suffix "
                   "and content).")
def convert_command(input_path: str, to: str, source: str | None, strict: bool,
                    report_path: str | None, input_type: str | None) -> None:
    """Convert job-status payloads to another format; the loss report goes to stderr."""
    try:
        # Opened here and entered below, so that a missing file is a usage error (exit 2).
        stream = (contextlib.nullcontext(sys.stdin.buffer) if input_path == "-"
                  else Path(input_path).open("rb"))  # noqa: SIM115
    except OSError as exc:
        click.echo(f"jobstatus convert: cannot read {input_path}: {exc.strerror or exc}", err=True)
        sys.exit(EXIT_USAGE)
    with stream as opened:
        shape, payloads = _read(opened, input_type, input_path)
        _run(shape, payloads, to, source, strict, report_path, input_path)


def _run(shape: str, payloads: Iterator[tuple[str, Any]], to: str, source: str | None,
         strict: bool, report_path: str | None, name: str) -> None:
    report = _Report()
    out = sys.stdout.buffer
    converted: list[Any] = []
    for where, value in payloads:
        outcome = _convert_one(where, value, to, source, strict)
        _account(report, outcome, name, text=report_path is None)
        if outcome.conversion is None:
            continue
        if shape == "jsonl":
            out.write(orjson.dumps(outcome.conversion.payload) + b"\n")
        else:
            converted.append(outcome.conversion.payload)
    if shape == "array":
        out.write(orjson.dumps(converted, option=orjson.OPT_INDENT_2) + b"\n")
    elif shape == "json" and converted:
        out.write(orjson.dumps(converted[0], option=orjson.OPT_INDENT_2) + b"\n")
    out.flush()
    if report_path is not None:
        _write_report(report, report_path)
    sys.exit(EXIT_FAILED if report.failed else EXIT_OK)


def _account(report: _Report, outcome: _Outcome, name: str, text: bool) -> None:
    where = f"{name}{':' + outcome.where if outcome.where else ''}"
    if outcome.conversion is None:
        report.failed += 1
        report.outcomes.append({"where": where, "error": outcome.error})
        click.echo(f"{where}: error: {outcome.error}", err=True)
        return
    report.converted += 1
    losses = outcome.conversion.report()
    report.outcomes.append({"where": where, "source": outcome.conversion.source,
                            "losses": losses})
    if text:
        for loss in outcome.conversion.losses:
            click.echo(f"{where}: {loss.kind} {loss.pointer or '/'}: {loss.reason}", err=True)


def _write_report(report: _Report, path: str) -> None:
    document = orjson.dumps({"converted": report.converted, "failed": report.failed,
                             "records": report.outcomes}, option=orjson.OPT_INDENT_2) + b"\n"
    if path == "-":
        sys.stderr.buffer.write(document)
        sys.stderr.buffer.flush()
    else:
        try:
            Path(path).write_bytes(document)
        except OSError as exc:
            click.echo(f"jobstatus convert: cannot write {path}: {exc.strerror or exc}", err=True)
            sys.exit(EXIT_USAGE)
