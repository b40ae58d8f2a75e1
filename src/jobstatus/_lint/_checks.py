"""Per-record checks: decode, find the format, validate against its schema.

This is the general route: every record of a JSON or HAR input, and the JSONL lines the fast
path (``_fast``) does not accept. It does no work the common case does not need: one
``orjson.loads`` per payload, one cached look-up by the payload's keys, one ``is_valid``;
error objects only for invalid payloads, pointers only for reported errors.
Detection is :mod:`jobstatus._detect`'s (its key cache is read inline here), the long-integer
scan is :mod:`jobstatus._json`'s, and validation gives the violations of
:mod:`jobstatus._validate`, in its order (the engine's errors read by :mod:`jobstatus._engine`).
:func:`check_one` is the whole of it for one record: its findings, counted in the summary,
then the sequence checks'.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from operator import itemgetter
from typing import Any

import orjson

from jobstatus._detect import detect_with_validity, key_facts
from jobstatus._engine import (
    WEAK_KEYWORDS,
    engine_errors,
    errors_if_invalid,
    keyword_of,
    message_of,
)
from jobstatus._errors import DecodeError
from jobstatus._formats import spec
from jobstatus._json import decode, has_big_float, has_long_digits, pointer_of, pointer_tokens
from jobstatus._lint._model import (
    Finding,
    LintOptions,
    Record,
    SequenceChecker,
    Severity,
    Summary,
)

_NONE: tuple[Finding, ...] = ()


class _Unconfirmed(Exception):
    """Raised for a record whose content does not confirm the format its URL proposed, where
    that makes it no job-status traffic (``Record.unconfirmed``): it is skipped, not checked."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _finding(record: Record, rule: str, severity: Severity, message: str, *, pointer: str = "",
             format_id: str | None = None, line: int | None = None) -> Finding:
    # Positional: a keyword call from compiled code builds a dictionary first.
    return Finding(rule, severity, message, record.file,
                   record.line if line is None else line, record.entry, pointer, format_id,
                   record.context)


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
                if key == str(token):  # (a pointer's token may read as an index)
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
    if record.line is None or not path or raw is None:
        return record.line
    # A JSONL line: no newline before its last byte. (10 is "\n": an int needle is a memchr,
    # where a bytes one is tried as an int first; see _json.has_long_digits.)
    if 10 not in raw[:-1]:
        return record.line
    if not raw[raw.find(b"\n") + 1:].strip():  # one line, then blank ones
        return record.line
    text = raw.decode("utf-8", "surrogateescape")
    try:
        offset = _offset_of(text, path)
    except (ValueError, RecursionError, IndexError):  # the payload decoded, so only defensive
        return record.line
    return record.line + text.count("\n", 0, offset)


def _value_at(value: Any, path: Sequence[str | int]) -> Any:
    """The value at *path* (an error's instance path) in the decoded payload *value*."""
    for token in path:
        value = value[token]
    return value


Violations = list[tuple[int, bool, Any, str, str]]


def _violations(validator: Any, value: Any) -> Violations:
    """(depth, weak, instance path, keyword, message) of every error, most relevant first:
    the order of jobstatus._validate (shallow first, then specific before weak keywords)."""
    return _read_errors(engine_errors(validator, value))  # also for instances > 255 deep


def _read_errors(errors: list[Any]) -> Violations:
    """:func:`_violations` of the engine's *errors*."""
    found = []
    for error in errors:
        path = error.instance_path
        keyword = keyword_of(error.schema_path)
        found.append((len(path), keyword in WEAK_KEYWORDS, path, keyword, message_of(error)))
    if len(found) > 1:  # most invalid payloads break one rule
        found.sort(key=itemgetter(0, 1))
    return found


def _detected_anyway(ranked: list[tuple[int, str]], known: Violations) -> bool:
    """Whether a bare payload, invalid as the format declaring most of its keys (the first
    of *ranked*, alone at the top) with the violations *known*, is detected as that format
    whatever the others score: ``detect_with_validity``'s answer without its validations.

    Detection scores that format (accepted, declared, False), where accepted counts the keys
    whose property subschema takes the value. Each key it does not take has an error at or
    below that key (the format's shape applies the subschema there; a combinator's error at
    the top, which could stand for such errors, sends this back to detection). So accepted is
    at least declared minus the keys with errors. When that is at least what any other format
    declares, no other can beat it, even valid: at best one accepts as many keys, and declares
    fewer (the first of *ranked* declares the most, alone)."""
    failed: set[Any] = set()
    for _depth, weak, path, keyword, _message in known:
        if weak or keyword == "not":
            return False
        if path:
            failed.add(path[0])
    runner_up = ranked[1][0] if len(ranked) > 1 else 0
    return ranked[0][0] - len(failed) >= runner_up


def _confirms(value: Any, hint: str, format_id: str | None, valid: bool | None,
              invalid_as: str | None) -> bool:
    """Whether a body routed to *hint* by its URL is confirmed as that format by its content,
    although detection alone says otherwise (*format_id*, *valid*): it is valid as *hint* and
    has some of its keys, and detection found no format it is valid as. So the URL breaks a
    tie (a Panoptica ``requestId`` beside a ``message`` that Zendesk declares too) and
    outweighs a format that declares more of the keys but rejects the body (a bare Wistia
    status with a ``progress`` reads as Zendesk by its keys); a body plainly valid as another
    format, or with none of the routed format's keys, stays a route mismatch."""
    if type(value) is not dict or hint == invalid_as:
        return False
    if format_id is not None and valid is not False:  # valid as another (or an envelope's)
        return False
    if all(format_ != hint for _declared, format_ in key_facts(tuple(value)).ranked):
        return False
    return bool(spec(hint).validator.is_valid(value))


def check_value(record: Record, value: Any, options: LintOptions,
                format_id: str | None = None, valid: bool | None = None,
                invalid_as: str | None = None,
                known: Violations | None = None
                ) -> tuple[str | None, Sequence[Finding]]:
    """The format of a decoded payload (None when unknown) and the findings about it.
    *format_id* and *valid* are what the caller already knows (the format detected, validity);
    *invalid_as*, a format it found the payload invalid as (detection need not validate again),
    and *known*, when not None, the violations it found as that format (see
    :func:`_violations`: not computed again when the payload is checked as that format).
    """
    found: list[Finding] = []
    if options.forced_format is not None:
        format_id, valid = options.forced_format, None
    else:
        if format_id is None:
            format_id, valid = detect_with_validity(value, invalid_as)
        hint = record.format_hint
        if hint is not None and format_id != hint and _confirms(value, hint, format_id, valid,
                                                               invalid_as):
            format_id, valid = hint, True
        if hint is not None and format_id != hint:
            if record.unconfirmed is not None:
                raise _Unconfirmed(record.unconfirmed)
            if format_id is None:  # the URL says what it should be: check it as that
                message = f"the URL is a {hint} endpoint but the body is not recognisably {hint}"
                format_id, valid = hint, None
            else:
                message = (f"the URL is a {hint} endpoint but the body is {format_id}; "
                           f"checked as {format_id}")
            found.append(_finding(record, "route-mismatch", Severity.ERROR, message,
                                  format_id=format_id))
        if format_id is None:
            message = "not recognisably any job-status format"
            if type(value) is list and record.entry is None:  # a JSONL line, a whole file
                message += (": an array, where one payload is expected (a .json file may hold "
                            "an array of payloads)")
            return None, [_finding(record, "unknown-format", Severity.ERROR, message)]
    format_spec = spec(format_id)
    if valid or (valid is None and format_spec.validator.is_valid(value)):
        return format_id, found or _NONE
    schema_errors = []
    state_field = format_spec.state_field
    violations = (known if known is not None and format_id == invalid_as
                  else _violations(format_spec.validator, value))
    if not violations:  # invalid, but the engine can name no error (see engine_errors)
        violations = [(0, False, [], "", "invalid, and nested too deeply to say where")]
    for _depth, _weak, path, keyword, message in violations:
        if keyword == "enum" and path and path[-1] == state_field and \
                type(_value_at(value, path)) is str:  # a text the vendor added, not a wrong type
            found.append(_finding(record, "state-drift", Severity.WARNING,
                                  f"undocumented state value: {message}",
                                  pointer=pointer_of(path), format_id=format_id,
                                  line=_line_of(record, path)))
        else:
            schema_errors.append((path, message))
    shown = schema_errors if options.verbose else schema_errors[:1]
    for index, (path, message) in enumerate(shown):
        more = len(schema_errors) - len(shown)
        text = f"{message} (+{more} more, use -v)" if index == 0 and more else message
        found.append(_finding(record, "schema", Severity.ERROR, text,
                              pointer=pointer_of(path), format_id=format_id,
                              line=_line_of(record, path)))
    return format_id, found


def check_record(record: Record, options: LintOptions, refused: bool = False
                 ) -> tuple[str | None, Any, Sequence[Finding]]:
    """Decode and check one record: its format (None when it could not be checked), its
    value, and the findings. Records carrying ``error`` or ``skip`` are the caller's.

    The common case (a valid payload, detected by content) is settled inline: one decode, one
    cached look-up by its keys, one ``is_valid``. Everything else goes on to the general path
    with what is already known (the value, the format an envelope key names, its validity).
    *refused*: a JSONL line that a fast decoder of the linter was made for refused, so most
    likely invalid: its errors are asked for at once (``errors_if_invalid``), not after an
    ``is_valid`` that would say what they say.
    """
    raw = record.raw
    value: Any = None
    decoded = False
    if raw is not None:
        try:
            value = orjson.loads(raw)
            decoded = not has_big_float(value)
        except orjson.JSONDecodeError:
            pass
    if not decoded:
        value, problem = decode_record(record)
        if problem is not None:
            if record.unconfirmed is not None and options.forced_format is None:
                raise _Unconfirmed(record.unconfirmed)  # (--format: the user vouches for it)
            return None, None, [problem]
    format_id = None
    valid = None
    invalid_as = None
    known = None
    if type(value) is dict and options.forced_format is None:
        keys = tuple(value)
        facts = key_facts(keys)
        sole = facts.validator
        if sole is not None and record.format_hint in (None, sole[0]):
            complete = False
            if refused:
                errors = errors_if_invalid(sole[1], value)
                if errors is None:
                    return sole[0], value, _NONE
                known = _read_errors(errors[0])
                complete = errors[1]
            elif sole[1].is_valid(value):
                return sole[0], value, _NONE
            if facts.wrapper is not None:  # the envelope names the format, valid or not
                format_id, valid = facts.wrapper, False
            elif complete and known and _detected_anyway(facts.ranked, known):
                format_id, valid = sole[0], False
            invalid_as = sole[0]
    format_id, found = check_value(record, value, options, format_id, valid, invalid_as,
                                   known)
    return format_id, value, found


def check_payload(record: Record, options: LintOptions, summary: Summary,
                  refused: bool = False) -> tuple[Sequence[Finding], str | None, Any, bool]:
    """The findings about one record's payload (read, not yet counted), counted in *summary*;
    and for the sequence checks its format (None: not to be sequenced), its value, and whether
    it is valid (an undocumented state value alone still is: it is observed as unknown).
    *refused*: see :func:`check_record`."""
    if record.skip is not None:
        summary.skipped[record.skip] += 1
        return _NONE, None, None, False
    counts = summary.findings
    if record.error is not None:
        if record.unconfirmed is not None and options.forced_format is None:
            summary.skipped[record.unconfirmed] += 1  # unreadable, and not shown to be ours
            return _NONE, None, None, False
        summary.unreadable["unreadable"] += 1
        counts[Severity.ERROR] += 1
        return [_finding(record, "unreadable", Severity.ERROR, record.error)], None, None, False
    try:
        format_id, value, found = check_record(record, options, refused)
    except _Unconfirmed as unconfirmed:
        summary.skipped[unconfirmed.reason] += 1
        return _NONE, None, None, False
    if format_id is None:
        summary.unreadable[found[0].rule] += 1
    else:
        summary.checked[format_id] += 1
    valid = True
    for finding in found:
        counts[finding.severity] += 1
        if finding.rule == "schema":
            valid = False
    return found, format_id, value, valid


def check_one(record: Record, options: LintOptions, summary: Summary,
              sequence: SequenceChecker | None) -> Sequence[Finding]:
    """The findings of one record (read, not yet counted), counted in *summary*: those of
    its payload, then those of *sequence*, which sees it when it was checked as a format."""
    found, format_id, value, valid = check_payload(record, options, summary)
    if sequence is None or format_id is None:
        return found
    counts = summary.findings
    out: list[Finding] | None = None
    for finding in sequence.observe(record, format_id, value, valid):
        counts[finding.severity] += 1
        if out is None:
            out = list(found)
        out.append(_placed(record, finding))
    return found if out is None else out


def _placed(record: Record, finding: Finding) -> Finding:
    """A sequence finding about *record*, on the line of the value its pointer names when the
    payload spans lines (a pretty-printed JSON file), as a schema finding is."""
    if not finding.pointer or finding.line is None or finding.line != record.line:
        return finding
    line = _line_of(record, pointer_tokens(finding.pointer))
    if line == finding.line:
        return finding
    return Finding(finding.rule, finding.severity, finding.message, finding.file, line,
                   finding.entry, finding.pointer, finding.format, finding.context)
