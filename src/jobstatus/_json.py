"""Turning caller input into a JSON value, with errors that say where and why.

``orjson`` does the decoding: it is strict RFC 8259 (no NaN, no Infinity), rejects invalid
UTF-8, integers beyond 64 bits and nesting deeper than 1024, which are exactly the inputs we
refuse. Python values handed in directly get the same checks by a walk, so both routes accept
the same documents.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from typing import Any, Final

import orjson

from jobstatus._errors import DecodeError

__all__ = [
    "INT_MAX",
    "INT_MIN",
    "MAX_DEPTH",
    "JSONInput",
    "decode",
    "has_big_float",
    "has_long_digits",
    "load",
    "pointer_join",
    "pointer_of",
    "pointer_tokens",
]

JSONInput = Any
"""A parsed JSON value (dict, list, str, int, float, bool, None), or JSON text as str or bytes."""

MAX_DEPTH = 1024
INT_MIN, INT_MAX = -(2**63), 2**64 - 1
"""The integers jobstatus reads (what orjson decodes exactly)."""
_BOM = b"\xef\xbb\xbf"
# orjson reads an integer beyond 64 bits as a float, silently. Every such literal has at least
# 20 digits in a row, or is negative with 19 (below -2**63), so a cheap scan picks the rare
# documents that need the exact slow path. The scan maps every digit and "-" to "0" and looks
# for twenty in a row (a run with a stray "-" in it only costs a needless exact check): one
# translate and one substring search, about ten times faster than the regular expression
# -\d{19}|\d{20}, whose per-position backtracking costs more than orjson.loads itself on
# payloads full of timestamps and uuids.
_DIGITS_AS_ZERO = bytes(48 if 48 <= b <= 57 or b == 45 else 32 for b in range(256))
_TWENTY_DIGITS = b"0" * 20


def has_long_digits(raw: bytes) -> bool:
    """Whether *raw* may hold an integer beyond 64 bits (20 digits, or - and 19 digits)."""
    # find(), not "in": for a bytes needle, "in" first tries it as an int (a TypeError made,
    # formatted and cleared: several times the cost of the search itself)
    return raw.translate(_DIGITS_AS_ZERO).find(_TWENTY_DIGITS) >= 0


_BIG: Final = 2.0**63


def has_big_float(value: Any) -> bool:
    """Whether a value orjson decoded holds a float of 2**63 or more in magnitude: where an
    integer beyond 64 bits would be (orjson reads one as such a float). Cheaper than
    :func:`has_long_digits` on a decoded payload: a walk over its few values, no copy of its
    text. (orjson refuses nesting deeper than 1024, so the recursion is bounded.)"""
    kind = type(value)
    if kind is float:
        return not -_BIG < value < _BIG
    if kind is dict:
        mapping: dict[Any, Any] = value  # typed: compiled, a dict's own iteration
        for item in mapping.values():
            if _big_in(item):
                return True
    elif kind is list:
        items: list[Any] = value
        for item in items:
            if _big_in(item):
                return True
    return False


def _big_in(item: Any) -> bool:
    # The walk's step: most values are leaves (strings, integers, None), settled here.
    kind = type(item)
    if kind is float:
        return not -_BIG < item < _BIG
    return (kind is dict or kind is list) and has_big_float(item)


# What orjson reports only as "unexpected character": the non-JSON number tokens.
_NON_NUMBERS = re.compile(r"-?(?:NaN|Infinity|inf|nan)")


def load(payload: JSONInput) -> Any:
    """Return the JSON value of *payload*, decoding text; raise DecodeError for anything else."""
    if isinstance(payload, bytes | bytearray | memoryview | str):
        return decode(payload)
    if not _check_value(payload):
        return _plain(payload)
    return payload


def decode(text: bytes | bytearray | memoryview | str) -> Any:
    """The JSON value of *text*; a leading byte-order mark is ignored (RFC 8259 allows it)."""
    if isinstance(text, str):
        if text.startswith("\ufeff"):  # one, as for bytes (RFC 8259 allows ignoring it)
            text = text[1:]
        try:
            raw = text.encode()
        except UnicodeEncodeError as exc:  # a lone surrogate: no UTF-8 text can carry it
            line = text.count("\n", 0, exc.start) + 1
            column = exc.start - (text.rfind("\n", 0, exc.start) + 1) + 1
            raise DecodeError("not valid UTF-8 text", line=line, column=column) from None
    else:
        raw = text if type(text) is bytes else bytes(text)  # no copy on the common path
        if raw.startswith(_BOM):
            raw = raw[3:]
        text = raw
    try:
        value = orjson.loads(text)
    except orjson.JSONDecodeError as exc:
        raise _decode_error(exc, text) from None
    if has_long_digits(raw):
        error = _out_of_range(raw)  # the digits may be a string's: this scan tells them apart
        if error is not None:
            raise error
    return value


# A string, or a number outside strings (its integer part, then any fraction or exponent):
# strings are matched first, so the digits of a string are never taken for a number. Only
# run on a document the decoder accepted, where every string is closed.
_STRING_OR_NUMBER = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"|(-?[0-9]+)([.eE][0-9.eE+-]*)?')


def _out_of_range(raw: bytes) -> DecodeError | None:
    """The error for the first integer of *raw* (a document the decoder accepted) outside the
    64-bit range, with its line and column; None if there is none. A scan, not a parse: it
    recurses into nothing, so any document orjson accepts is checked, however deep and
    however deep the caller's stack (a recursive exact parser was not)."""
    for match in _STRING_OR_NUMBER.finditer(raw):
        digits = match.group(1)
        if digits is None or match.group(2) is not None:
            continue  # a string, or a number with a fraction or exponent (a float)
        size = len(digits) - digits.startswith(b"-")  # JSON allows no leading zeros
        if size < 19 or (size <= 20 and INT_MIN <= int(digits) <= INT_MAX):
            continue
        literal = digits.decode()
        shown = literal if len(literal) <= 24 else literal[:21] + "..."
        start = match.start(1)
        line_start = raw.rfind(b"\n", 0, start) + 1
        # in characters, as the decoder's own errors count them
        column = len(raw[line_start:start].decode("utf-8", "surrogateescape")) + 1
        return DecodeError(f"integer {shown} is outside the 64-bit range jobstatus supports",
                           line=raw.count(b"\n", 0, start) + 1, column=column)
    return None


def _decode_error(
    exc: orjson.JSONDecodeError, text: bytes | bytearray | memoryview | str
) -> DecodeError:
    line, column = exc.lineno, exc.colno
    token = _NON_NUMBERS.match(exc.doc, exc.pos) if isinstance(exc.doc, str) else None
    if token is not None:
        return DecodeError(f"{token.group()} is not a JSON number", line=line, column=column)
    if not isinstance(text, str) and "utf-8" in exc.msg.lower():
        # orjson checks the encoding up front and points at the start; find the bad byte.
        raw = bytes(text)
        try:
            raw.decode("utf-8")
        except UnicodeDecodeError as bad:
            line = raw.count(b"\n", 0, bad.start) + 1
            column = bad.start - (raw.rfind(b"\n", 0, bad.start) + 1) + 1
    return DecodeError(_explain(exc.msg), line=line, column=column)


def _explain(msg: str) -> str:
    # orjson's messages are precise but terse; name the rule that was broken.
    lowered = msg.lower()
    if "64-bit" in lowered or ("integer" in lowered and "range" in lowered):
        return "integer outside the 64-bit range jobstatus supports"
    if "recursion" in lowered or "depth" in lowered:
        return f"JSON nested deeper than {MAX_DEPTH} levels"
    if "byte order mark" in lowered:  # one leading BOM is ignored: this is another
        return "a byte order mark (U+FEFF) where a JSON value is expected"
    if "utf-8" in lowered:
        return "not valid UTF-8 text"
    if "surrogate" in lowered:  # an escape such as \ud800 with no pair: no Unicode text
        return "a lone surrogate escape (\\ud800-\\udfff unpaired) is not valid Unicode"
    if "infinity" in lowered:
        return "number too large for a double (it would be infinity)"
    if "input is a zero-length" in lowered or "empty" in lowered:
        return "empty input, expected a JSON value"
    return f"malformed JSON: {msg}"


_PLAIN = frozenset({type(None), bool, str, int, float, dict, list})


def _check_value(root: Any) -> bool:
    """Raise DecodeError for a value no JSON text can carry; return whether every part of it
    is of a plain JSON type (else a subclass: a StrEnum, an OrderedDict, a str subclass)."""
    # An explicit stack, not recursion: a Python value may be nested deeper than Python's own
    # recursion limit, and must get the same DecodeError as the same document sent as text.
    plain = True
    stack: list[tuple[Any, int, str]] = [(root, 0, "")]
    while stack:
        value, depth, at = stack.pop()
        if type(value) not in _PLAIN:
            plain = False
        if depth > MAX_DEPTH:
            shown = at if len(at) <= 40 else at[:37] + "..."
            raise DecodeError(f"JSON nested deeper than {MAX_DEPTH} levels at {shown}")
        if value is None or isinstance(value, bool):
            continue
        if isinstance(value, str):
            _check_text(value, at)
        elif isinstance(value, int):
            if not INT_MIN <= value <= INT_MAX:
                raise DecodeError(
                    f"integer outside the 64-bit range jobstatus supports at {at or '/'}"
                )
        elif isinstance(value, float):
            if not math.isfinite(value):
                raise DecodeError(f"{value!r} is not a JSON number (at {at or '/'})")
        elif isinstance(value, dict):
            for key, item in value.items():
                if type(key) is not str:
                    if not isinstance(key, str):
                        raise DecodeError(f"object key {key!r} is not a string (at {at or '/'})")
                    plain = False  # a subclass (a StrEnum key): copied as its text
                _check_text(key, at)
                stack.append((item, depth + 1, pointer_join(at, key)))
        elif isinstance(value, list):
            stack.extend((item, depth + 1, f"{at}/{index}") for index, item in enumerate(value))
        else:
            raise DecodeError(f"{type(value).__name__} is not a JSON type (at {at or '/'})")
    return plain


def _plain(root: Any) -> Any:
    """A copy of *root* (which :func:`_check_value` accepted) in the plain JSON types, what
    the same document sent as text decodes to: the schema engine reads no subclass, and
    detection looks for a dict. Each part by its base type's own conversion (``str(member)``
    of an ``(str, Enum)`` would be its name, not its value). An explicit stack, as above."""
    holder: list[Any] = [None]
    stack: list[tuple[Any, Any, Any]] = [(root, holder, 0)]
    while stack:
        value, parent, key = stack.pop()
        if isinstance(value, dict):
            copy = dict.fromkeys(str.__str__(name) for name in value)
            stack.extend((item, copy, str.__str__(name)) for name, item in value.items())
            parent[key] = copy
        elif isinstance(value, list):
            items = [None] * len(value)
            stack.extend((item, items, index) for index, item in enumerate(value))
            parent[key] = items
        elif isinstance(value, bool):
            parent[key] = value  # (bool has no subclasses)
        elif isinstance(value, str):
            parent[key] = str.__str__(value)
        elif isinstance(value, int):
            parent[key] = int.__index__(value)
        elif isinstance(value, float):
            parent[key] = float.__float__(value)
        else:
            parent[key] = value  # None
    return holder[0]


def _check_text(text: str, at: str) -> None:
    # A lone surrogate ("\ud800") is a valid Python str but no JSON text can carry it.
    if not text.isascii():
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:
            raise DecodeError(
                f"string with a lone surrogate, not valid Unicode (at {at or '/'})"
            ) from None


def pointer_join(base: str, token: str | int) -> str:
    """Append one reference token to a JSON pointer, escaping it as RFC 6901 says."""
    if isinstance(token, int):
        return f"{base}/{token}"
    if "~" in token or "/" in token:  # rare: two method calls, where a test is two compares
        token = token.replace("~", "~0").replace("/", "~1")
    return base + "/" + token


def pointer_of(path: Iterable[str | int]) -> str:
    """The JSON pointer of a path of keys and indexes (as the schema engine reports them)."""
    out = ""
    for token in path:
        out = pointer_join(out, token)
    return out


def pointer_tokens(pointer: str) -> list[str | int]:
    """The path of a JSON pointer (:func:`pointer_of` undone), its tokens unescaped as
    RFC 6901 says; a token of digits reads as an index (it may name an object's key too)."""
    tokens: list[str | int] = []
    for part in pointer.split("/")[1:]:
        token = part.replace("~1", "/").replace("~0", "~")
        tokens.append(int(token) if token.isdigit() and token.isascii() else token)
    return tokens
