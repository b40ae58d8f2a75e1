"""Per-record checks: decode, find the format, validate against its schema.

This is the linter's hot path (one call per JSONL line), so it avoids work the common case
does not need: one ``orjson.loads`` per payload, ``is_valid`` before any error objects, and a
detection that settles valid payloads with one or two validator calls (see :func:`detect_fast`).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from typing import Any

import orjson

from jobstatus._detect import detect_value
from jobstatus._errors import DecodeError
from jobstatus._formats import FORMATS, spec
from jobstatus._json import decode
from jobstatus._lint._model import Finding, LintOptions, Record, Severity
from jobstatus._validate import iter_violations, relevance

_HUB = "canonical"
_NONE: tuple[Finding, ...] = ()
# Same scan as jobstatus._json: only a literal of 20+ digits can be an integer beyond 64 bits,
# which orjson would read as a float; those rare payloads take the exact (slow) decoder.
_LONG_DIGITS = re.compile(rb"\d{20}")
_CACHE_LIMIT = 4096


@functools.cache
def _wrappers() -> tuple[tuple[str, str], ...]:
    """(envelope key, format) in registry order, the order detect_value tries them."""
    return tuple(
        (shape.key, format_id)
        for format_id in FORMATS
        for shape in spec(format_id).shapes
        if shape.key is not None
    )


_candidates: dict[tuple[str, ...], tuple[str, ...]] = {}


def _top_candidates(keys: tuple[str, ...]) -> tuple[str, ...]:
    """The formats that declare the most of *keys* (and at least one), in registry order.

    Depends on the key set alone, so caching it by the keys is exact.
    """
    found = _candidates.get(keys)
    if found is None:
        counts = [
            (sum(1 for key in keys if key in spec(f).property_validators), f) for f in FORMATS
        ]
        most = max(count for count, _ in counts)
        found = tuple(f for count, f in counts if count == most) if most else ()
        if len(_candidates) >= _CACHE_LIMIT:  # bounded: key sets of junk input can be many
            _candidates.clear()
        _candidates[keys] = found
    return found


def detect_fast(value: Any) -> tuple[str | None, bool | None]:
    """``(detect_value(value), whether value is valid as that format)``, validity None when
    not computed. Provably the same format as :func:`jobstatus._detect.detect_value`:

    * an envelope key decides exactly as there (same keys, same order);
    * for a bare object, detect_value ranks formats by (accepted keys, declared keys, valid).
      Accepted <= declared, so (D, D, valid) is the best score any format can reach, D being
      the most keys any format declares. A payload that is valid as a format has every present
      property valid too (the bare shape's schema applies each property's subschema, the same
      subschema the property validators hold), so a valid format with D declared keys reaches
      that maximum, and the winners are exactly the valid formats among those declaring D keys.
      Only when none of them is valid do we run the full scoring (invalid payloads are rare).

    The tie rule (a vendor beats the hub, otherwise a tie is undecided) is applied unchanged.
    Caching whole detections by keys and state value would not be exact: detection also looks
    at the other values (an integer ``id`` is Wistia, a string one Zendesk), so only the
    key-dependent part (which formats declare the most keys) is cached.
    """
    if type(value) is not dict:
        return None, None
    for key, format_id in _wrappers():
        if key in value:
            return format_id, None
    top = _top_candidates(tuple(value))
    if not top:
        return None, None
    if len(top) == 1:
        if spec(top[0]).validator.is_valid(value):
            return top[0], True
    else:
        winners = [f for f in top if spec(f).validator.is_valid(value)]
        if len(winners) == 1:
            return winners[0], True
        vendors = [f for f in winners if f != _HUB]
        if len(vendors) == 1:
            return vendors[0], True
        if winners:  # a tie between vendors: undecided, as in detect_value
            return None, None
    return detect_value(value), None


def _finding(record: Record, rule: str, severity: Severity, message: str, *, pointer: str = "",
             format_id: str | None = None, line: int | None = None) -> Finding:
    return Finding(rule=rule, severity=severity, message=message, file=record.file,
                   line=record.line if line is None else line, entry=record.entry,
                   pointer=pointer, format=format_id, context=record.context)


def decode_record(record: Record) -> tuple[Any, Finding | None]:
    """The record's JSON value, or an ``invalid-json`` finding saying where and why."""
    raw = record.raw or b""
    try:
        value = orjson.loads(raw)
        if _LONG_DIGITS.search(raw) is None:
            return value, None
    except orjson.JSONDecodeError:
        pass  # decode() below explains the error (and reads a leading BOM, which orjson won't)
    try:
        # Trailing whitespace is insignificant, but an error at the very end would otherwise
        # be placed on the line after the payload (after its newline).
        return decode(raw.rstrip()), None
    except DecodeError as exc:
        line = record.line
        if line is not None and exc.line is not None:
            line += exc.line - 1
        column = f" (column {exc.column})" if exc.column is not None else ""
        return None, _finding(record, "invalid-json", Severity.ERROR,
                              f"{exc.reason}{column}", line=line)
    except RecursionError:  # the exact decoder of over-long integers is recursive
        return None, _finding(record, "invalid-json", Severity.ERROR, "JSON nested too deeply")


def check_value(record: Record, value: Any, options: LintOptions
                ) -> tuple[str | None, Sequence[Finding]]:
    """The format of a decoded payload (None when unknown) and the findings about it."""
    found: list[Finding] = []
    valid: bool | None = None
    format_id = options.forced_format
    if format_id is None:
        format_id, valid = detect_fast(value)
        hint = record.format_hint
        if hint is not None and format_id != hint:
            if format_id is None:  # the URL says what it should be: check it as that
                message = f"the URL is a {hint} endpoint but the body is not recognisably {hint}"
                format_id, valid = hint, None
            else:
                message = (f"the URL is a {hint} endpoint but the body is {format_id}; "
                           f"checked as {format_id}")
            found.append(_finding(record, "route-mismatch", Severity.ERROR, message,
                                  format_id=format_id))
        if format_id is None:
            return None, [_finding(record, "unknown-format", Severity.ERROR,
                                   "not recognisably any job-status format")]
    if valid:
        return format_id, found or _NONE
    violations = sorted(iter_violations(value, format_id), key=relevance)
    if not violations:
        return format_id, found or _NONE
    format_spec = spec(format_id)
    schema_errors = []
    for violation in violations:
        tail = violation.pointer.rsplit("/", 1)[-1]
        if format_spec.is_state_drift(tail, violation.keyword):
            found.append(_finding(record, "state-drift", Severity.WARNING,
                                  f"undocumented state value: {violation.message}",
                                  pointer=violation.pointer, format_id=format_id))
        else:
            schema_errors.append(violation)
    shown = schema_errors if options.verbose else schema_errors[:1]
    for index, violation in enumerate(shown):
        message = violation.message
        if index == 0 and len(schema_errors) > len(shown):
            message += f" (+{len(schema_errors) - 1} more, use -v)"
        found.append(_finding(record, "schema", Severity.ERROR, message,
                              pointer=violation.pointer, format_id=format_id))
    return format_id, found


def check_record(record: Record, options: LintOptions
                 ) -> tuple[str | None, Any, Sequence[Finding]]:
    """Decode and check one record: its format (None when it could not be checked), its
    value, and the findings. Records carrying ``error`` or ``skip`` are the caller's."""
    value, problem = decode_record(record)
    if problem is not None:
        return None, None, [problem]
    format_id, found = check_value(record, value, options)
    return format_id, value, found
