"""Per-record checks: decode, find the format, validate against its schema.

This is the linter's hot path (one call per JSONL line), so it does no work the common case
does not need: one ``orjson.loads`` per payload, one cached look-up by the payload's keys, one
``is_valid``; error objects only for invalid payloads, pointers only for reported errors.
Detection gives exactly the answer of :func:`jobstatus._detect.detect_value` (see
:func:`detect_fast`), and validation the violations of :mod:`jobstatus._validate`, in its order.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Sequence
from operator import itemgetter
from typing import Any

import orjson

from jobstatus._errors import DecodeError
from jobstatus._formats import FORMATS, spec
from jobstatus._json import decode, pointer_join
from jobstatus._lint._model import Finding, LintOptions, Record, Severity
from jobstatus._validate import engine_errors

_HUB = "canonical"
_NONE: tuple[Finding, ...] = ()
# As in jobstatus._json, only a literal of 20+ digits can be an integer beyond 64 bits, which
# orjson would read as a float; those rare payloads take the exact (slow) decoder. The scan maps
# every digit to "0" and looks for twenty in a row: about ten times faster than the regular
# expression \d{20}, whose per-position backtracking costs more than orjson.loads itself on
# payloads full of timestamps and uuids.
_DIGITS_AS_ZERO = bytes(48 if 48 <= byte <= 57 else 32 for byte in range(256))
_TWENTY_DIGITS = b"0" * 20
_CACHE_LIMIT = 4096
# Keywords whose failure says little on its own; the same list as jobstatus._validate.
_WEAK = frozenset({"anyOf", "oneOf", "if", "then", "else", "allOf"})


def has_long_digits(raw: bytes) -> bool:
    return _TWENTY_DIGITS in raw.translate(_DIGITS_AS_ZERO)


# --- detection ---------------------------------------------------------------------------


@functools.cache
def _wrappers() -> tuple[tuple[str, str], ...]:
    """(envelope key, format) in registry order, the order detect_value tries them."""
    return tuple(
        (shape.key, format_id)
        for format_id in FORMATS
        for shape in spec(format_id).shapes
        if shape.key is not None
    )


class _KeyFacts:
    """What the keys of a bare object alone say about its format (cached per key tuple)."""

    __slots__ = ("ranked", "validator", "wrapper")

    def __init__(self, keys: tuple[str, ...]):
        self.wrapper = next((f for key, f in _wrappers() if key in keys), None)
        """The format an envelope key names: detect_value's answer, valid or not."""
        counts = [(sum(1 for k in keys if k in spec(f).property_validators), f) for f in FORMATS]
        self.ranked = sorted(((n, f) for n, f in counts if n), key=itemgetter(0), reverse=True)
        """(declared keys, format) of each format declaring any, most first."""
        top = [f for n, f in self.ranked if n == self.ranked[0][0]] if self.ranked else []
        sole = self.wrapper or (top[0] if len(top) == 1 else None)
        self.validator = None if sole is None else (sole, spec(sole).validator)
        """(format, validator) when a payload with these keys that is valid as that format is
        detected as it (an envelope key, or one format declaring the most keys)."""


_facts: dict[tuple[str, ...], _KeyFacts] = {}


def _key_facts(keys: tuple[str, ...]) -> _KeyFacts:
    facts = _facts.get(keys)
    if facts is None:
        facts = _KeyFacts(keys)
        if len(_facts) >= _CACHE_LIMIT:  # bounded: key sets of junk input can be many
            _facts.clear()
        _facts[keys] = facts
    return facts


def detect_fast(value: Any) -> tuple[str | None, bool | None]:
    """``(detect_value(value), whether value is valid as that format)``, validity None when
    not computed. Provably the same format as :func:`jobstatus._detect.detect_value`:

    * an envelope key decides exactly as there (same keys, same order);
    * for a bare object, detect_value ranks formats by the score (accepted keys, declared
      keys, valid), accepted <= declared, and picks the best (a tie: the one vendor among the
      best, else undecided). Which formats declare how many keys depends on the keys alone, so
      it is cached per key tuple. Formats are scored most-declared first, and scoring stops at
      the first format whose best possible score (d, d, True) is below the best score found:
      it and every later one can neither win nor tie. A payload valid as a format has every
      present property valid too (the bare shape applies each property's subschema, the one
      the property validators hold), so a valid payload is settled by the formats declaring
      the most keys, one or two validator calls.

    Caching whole detections by keys and state value would not be exact: detection also looks
    at the other values (an integer ``id`` is Wistia, a string one Zendesk).
    """
    if type(value) is not dict:
        return None, None
    facts = _key_facts(tuple(value))
    if facts.wrapper is not None:
        return facts.wrapper, None
    best: tuple[int, int, bool] | None = None
    winners: list[str] = []
    valid = False
    for declared, format_id in facts.ranked:
        if best is not None and (declared, declared, True) < best:
            break
        format_spec = spec(format_id)
        is_valid = format_spec.validator.is_valid(value)
        if is_valid:
            accepted = declared
        else:
            props = format_spec.property_validators
            accepted = sum(1 for k in value if k in props and props[k].is_valid(value[k]))
        score = (accepted, declared, is_valid)
        if best is None or score > best:
            best, winners, valid = score, [format_id], is_valid
        elif score == best:
            winners.append(format_id)
    if len(winners) == 1:
        return winners[0], valid
    vendors = [f for f in winners if f != _HUB]
    if len(vendors) == 1:
        return vendors[0], valid
    return None, None


# --- findings ----------------------------------------------------------------------------


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
        if not has_long_digits(raw):
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


def _pointer(path: Sequence[str | int]) -> str:
    out = ""
    for token in path:
        out = pointer_join(out, token)
    return out


_decoder = json.JSONDecoder()
_SPACE = " \t\r\n"


def _skip_space(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] in _SPACE:
        pos += 1
    return pos


def _offset_of(text: str, path: Sequence[str | int]) -> int:
    """Where the value at *path* starts in the JSON *text* (as far as the path is found).

    Only the containers along the path are scanned; every other value is skipped whole by the
    standard library's C scanner. With duplicate keys the last one counts, as in parsing.
    """
    pos = _skip_space(text, 0)
    for token in path:
        opener = text[pos : pos + 1]
        if opener not in ("{", "["):
            break
        start = pos
        pos = _skip_space(text, pos + 1)
        found = None
        index = 0
        while pos < len(text) and text[pos] not in "}]":
            if opener == "{":
                key, pos = json.decoder.scanstring(text, pos + 1)  # type: ignore[attr-defined]
                pos = _skip_space(text, _skip_space(text, pos) + 1)  # past ":"
                if key == token:
                    found = pos
            elif index == token:
                found = pos
            _, pos = _decoder.raw_decode(text, pos)
            index += 1
            pos = _skip_space(text, pos)
            if text[pos : pos + 1] == ",":
                pos = _skip_space(text, pos + 1)
        if found is None:
            return start
        pos = found
    return pos


def _line_of(record: Record, path: Sequence[str | int]) -> int | None:
    """The line of the value at *path*, for a payload spread over lines (a pretty-printed
    JSON file); the record's own line otherwise. Only computed for reported findings."""
    raw = record.raw
    if record.line is None or not path or raw is None or b"\n" not in raw.rstrip():
        return record.line
    text = raw.decode("utf-8", "surrogateescape")
    try:
        offset = _offset_of(text, path)
    except (ValueError, RecursionError, IndexError):  # the payload decoded, so only defensive
        return record.line
    return record.line + text.count("\n", 0, offset)


def _violations(validator: Any, value: Any) -> list[tuple[int, bool, Any, str, str]]:
    """(depth, weak, instance path, keyword, message) of every error, most relevant first:
    the order of jobstatus._validate (shallow first, then specific before weak keywords)."""
    found = []
    for error in engine_errors(validator, value):  # also for instances nested > 255 deep
        path = error.instance_path
        keyword = next((p for p in reversed(error.schema_path) if isinstance(p, str)), "")
        found.append((len(path), keyword in _WEAK, path, keyword, error.message))
    found.sort(key=itemgetter(0, 1))
    return found


def check_value(record: Record, value: Any, options: LintOptions,
                format_id: str | None = None, valid: bool | None = None
                ) -> tuple[str | None, Sequence[Finding]]:
    """The format of a decoded payload (None when unknown) and the findings about it.
    *format_id* and *valid* are what the caller already knows (the format detected, validity)."""
    found: list[Finding] = []
    if options.forced_format is not None:
        format_id, valid = options.forced_format, None
    else:
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
    format_spec = spec(format_id)
    if valid or (valid is None and format_spec.validator.is_valid(value)):
        return format_id, found or _NONE
    schema_errors = []
    state_field = format_spec.state_field
    violations = _violations(format_spec.validator, value)
    if not violations:  # invalid, but the engine can name no error (see engine_errors)
        violations = [(0, False, [], "", "invalid, and nested too deeply to say where")]
    for _depth, _weak, path, keyword, message in violations:
        if keyword == "enum" and path and path[-1] == state_field:
            found.append(_finding(record, "state-drift", Severity.WARNING,
                                  f"undocumented state value: {message}",
                                  pointer=_pointer(path), format_id=format_id,
                                  line=_line_of(record, path)))
        else:
            schema_errors.append((path, message))
    shown = schema_errors if options.verbose else schema_errors[:1]
    for index, (path, message) in enumerate(shown):
        more = len(schema_errors) - len(shown)
        text = f"{message} (+{more} more, use -v)" if index == 0 and more else message
        found.append(_finding(record, "schema", Severity.ERROR, text,
                              pointer=_pointer(path), format_id=format_id,
                              line=_line_of(record, path)))
    return format_id, found


def check_record(record: Record, options: LintOptions
                 ) -> tuple[str | None, Any, Sequence[Finding]]:
    """Decode and check one record: its format (None when it could not be checked), its
    value, and the findings. Records carrying ``error`` or ``skip`` are the caller's.

    The common case (a valid payload, detected by content) is settled inline: one decode, one
    cached look-up by its keys, one ``is_valid``. Everything else goes on to the general path
    with what is already known (the value, the format an envelope key names, its validity).
    """
    raw = record.raw
    value: Any = None
    decoded = False
    if raw is not None:
        try:
            value = orjson.loads(raw)
            decoded = _TWENTY_DIGITS not in raw.translate(_DIGITS_AS_ZERO)
        except orjson.JSONDecodeError:
            pass
    if not decoded:
        value, problem = decode_record(record)
        if problem is not None:
            return None, None, [problem]
    format_id = None
    valid = None
    if type(value) is dict and options.forced_format is None:
        keys = tuple(value)
        facts = _facts.get(keys) or _key_facts(keys)
        sole = facts.validator
        if sole is not None and record.format_hint in (None, sole[0]):
            if sole[1].is_valid(value):
                return sole[0], value, _NONE
            if facts.wrapper is not None:  # the envelope names the format, valid or not
                format_id, valid = facts.wrapper, False
    format_id, found = check_value(record, value, options, format_id, valid)
    return format_id, value, found
