"""Turning caller input into a JSON value, with errors that say where and why.

``orjson`` does the decoding: it is strict RFC 8259 (no NaN, no Infinity), rejects invalid
UTF-8, integers beyond 64 bits and nesting deeper than 1024, which are exactly the inputs we
refuse. Python values handed in directly get the same checks by a walk, so both routes accept
the same documents.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

import orjson

from jobstatus._errors import DecodeError

__all__ = ["MAX_DEPTH", "JSONInput", "load", "pointer_join"]

JSONInput = Any
"""A parsed JSON value (dict, list, str, int, float, bool, None), or JSON text as str or bytes."""

MAX_DEPTH = 1024
_INT_MIN, _INT_MAX = -(2**63), 2**64 - 1
_BOM = b"\xef\xbb\xbf"
# orjson reads an integer beyond 64 bits as a float, silently. Every such literal has at least
# 20 digits in a row, so a cheap scan picks the rare documents that need the exact slow path.
_LONG_DIGITS = re.compile(rb"\d{20}")


def load(payload: JSONInput) -> Any:
    """Return the JSON value of *payload*, decoding text; raise DecodeError for anything else."""
    if isinstance(payload, bytes | bytearray | memoryview | str):
        return decode(payload)
    _check_value(payload, 0, "")
    return payload


def decode(text: bytes | bytearray | memoryview | str) -> Any:
    if isinstance(text, str):
        text = text.lstrip("\ufeff")
    elif bytes(text[:3]) == _BOM:
        text = bytes(text[3:])
    try:
        value = orjson.loads(text)
    except orjson.JSONDecodeError as exc:
        raise DecodeError(_explain(exc.msg), line=exc.lineno, column=exc.colno) from None
    raw = text.encode() if isinstance(text, str) else text
    if _LONG_DIGITS.search(raw):
        # Digits inside strings match too; the exact parser tells the two apart.
        json.loads(bytes(raw), parse_int=_checked_int)
    return value


def _checked_int(literal: str) -> int:
    number = int(literal)
    if not _INT_MIN <= number <= _INT_MAX:
        shown = literal if len(literal) <= 24 else literal[:21] + "..."
        raise DecodeError(f"integer {shown} is outside the 64-bit range jobstatus supports")
    return number


def _explain(msg: str) -> str:
    # orjson's messages are precise but terse; name the rule that was broken.
    lowered = msg.lower()
    if "64-bit" in lowered or ("integer" in lowered and "range" in lowered):
        return "integer outside the 64-bit range jobstatus supports"
    if "recursion" in lowered or "depth" in lowered:
        return f"JSON nested deeper than {MAX_DEPTH} levels"
    if "utf-8" in lowered or "surrogate" in lowered:
        return "not valid UTF-8 text"
    if "input is a zero-length" in lowered or "empty" in lowered:
        return "empty input, expected a JSON value"
    return f"malformed JSON: {msg}"


def _check_value(value: Any, depth: int, at: str) -> None:
    if depth > MAX_DEPTH:
        raise DecodeError(f"JSON nested deeper than {MAX_DEPTH} levels at {at or '/'}")
    if value is None or isinstance(value, bool | str):
        return
    if isinstance(value, int):
        if not _INT_MIN <= value <= _INT_MAX:
            raise DecodeError(f"integer outside the 64-bit range jobstatus supports at {at or '/'}")
        return
    if isinstance(value, float):
        if not math.isfinite(value):
            raise DecodeError(f"{value!r} is not a JSON number (at {at or '/'})")
        return
    if isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(key, str):
                raise DecodeError(f"object key {key!r} is not a string (at {at or '/'})")
            _check_value(item, depth + 1, pointer_join(at, key))
        return
    if isinstance(value, list):
        for index, item in enumerate(value):
            _check_value(item, depth + 1, f"{at}/{index}")
        return
    raise DecodeError(f"{type(value).__name__} is not a JSON type (at {at or '/'})")


def pointer_join(base: str, token: str | int) -> str:
    """Append one reference token to a JSON pointer, escaping it as RFC 6901 says."""
    if isinstance(token, int):
        return f"{base}/{token}"
    return base + "/" + token.replace("~", "~0").replace("/", "~1")
