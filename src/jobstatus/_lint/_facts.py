"""Facts read from wire text: progress text ("45%", "3/10") and RFC 3339 timestamps.

Compiled by mypyc with the linter's loop (see ``pyproject.toml``), which calls both per poll;
the general route (``_observe``'s readers, ``_sequence``) calls the same functions.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Final

from jobstatus._transforms import parse_progress_text

__all__ = ["from_text", "instant_of"]


# Final: compiled, a C static called directly; ``datetime.fromisoformat`` would be a global
# look-up and a method look-up on every call (a quarter of the cost of reading a timestamp).
_FROMISOFORMAT: Final = datetime.fromisoformat

# The texts of whole percentages, the common case, read by one look-up.
_PERCENTS: Final = {f"{number}%": number for number in range(101)}


def from_text(text: Any, percent: Any, done: Any, total: Any) -> tuple[Any, Any, Any]:
    """Percent or counts read from progress text, only on an unambiguous match (``45%``,
    ``3/10``, ``3 of 10``), as canonical.md says; a bare number stays text."""
    if type(text) is str and percent is None and done is None:
        known = _PERCENTS.get(text)
        if known is not None:
            return known, done, total
        digits = text[:-1]
        if text[-1:] == "%" and digits.isdigit() and digits.isascii():
            return int(digits), done, total  # "45%": what parse_progress_text says, faster
        parsed = parse_progress_text(text)
        if parsed is not None:
            if parsed[0] == "percent":
                return parsed[1], done, total
            return percent, int(parsed[1]), parsed[2]
    return percent, done, total


def instant_of(text: str) -> datetime | None:
    """An RFC 3339 timestamp as an aware datetime: instants are compared, never strings
    (offsets differ). None when Python cannot read it (a leap second, :60): such a timestamp
    is not compared. Digits past microseconds are dropped, so instants closer than 1 µs are
    equal (never a false finding)."""
    try:
        stamp = _FROMISOFORMAT(text)  # 3.11 reads RFC 3339's "Z" and any offset
    except (TypeError, ValueError):
        try:  # RFC 3339 allows a lowercase "t" and "z", which Python does not read
            stamp = _FROMISOFORMAT(text.upper())
        except (AttributeError, ValueError):
            return None
    return stamp if stamp.tzinfo is not None else None
