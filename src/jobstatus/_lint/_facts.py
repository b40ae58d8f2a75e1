"""Facts read from wire text: progress text ("45%", "3/10") and RFC 3339 timestamps.

Compiled by mypyc with the linter's loop (see ``pyproject.toml``), which calls both per poll;
the general route (``_observe``'s readers, ``_sequence``) calls the same functions.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Final

from jobstatus._transforms import parse_progress_text

__all__ = ["Instant", "from_text", "instant_of", "timestamp_of", "went_back"]


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


Instant = tuple[datetime, str]
"""An RFC 3339 timestamp as :func:`instant_of` reads it: compared as a tuple, in time order."""


def instant_of(text: str) -> Instant | None:
    """An RFC 3339 timestamp as a comparable instant: instants are compared, never strings
    (offsets differ). The aware datetime to the second, and the digits of its fraction with no
    trailing zeros, compared as text ("5" > "45", as .5 > .45): every digit counts (a datetime
    keeps microseconds only, and servers send nanoseconds). None when Python cannot read it (a
    leap second, :60): such a timestamp is not compared."""
    try:
        stamp = _FROMISOFORMAT(text)  # 3.11 reads RFC 3339's "Z" and any offset
    except (TypeError, ValueError):
        try:  # RFC 3339 allows a lowercase "t" and "z", which Python does not read
            stamp = _FROMISOFORMAT(text.upper())
        except (AttributeError, ValueError):
            return None
    if stamp.tzinfo is None:
        return None
    return (stamp.replace(microsecond=0) if stamp.microsecond else stamp), _fraction(text)


def _fraction(text: str) -> str:
    """The digits after the seconds' decimal point (RFC 3339: at offset 20), trailing zeros
    dropped."""
    if len(text) < 21 or text[19] not in ".,":
        return ""
    end = 20
    while end < len(text) and text[end].isdigit():
        end += 1
    return text[20:end].rstrip("0")


# The sequence checks keep a job's last updated_at as its text, and order two timestamps as
# text when both are plain UTC (YYYY-MM-DDTHH:MM:SS[.f...]Z) of one length: then text order
# is time order, and reading either as a datetime (a tenth of a microsecond, and an object per
# poll) is not needed. Such a text is a valid RFC 3339 date-time (its format was checked) that
# instant_of reads, unless its seconds are 60 (a leap second) or its year is 0000: those take
# the general way, as does any other offset.


def _plain_utc(text: str) -> bool:
    size = len(text)
    return (size >= 20 and text[size - 1] == "Z" and text[10] == "T" and
            (size == 20 or text[19] == ".") and text[17] != "6" and not text.startswith("0000"))


def timestamp_of(text: str) -> str | None:
    """*text* when the checks can order it (:func:`instant_of` reads it), else None."""
    if _plain_utc(text) or instant_of(text) is not None:
        return text
    return None


def went_back(new: str, old: str) -> bool:
    """Whether the timestamp *new* is before *old* (one :func:`timestamp_of` kept; a *new* it
    would not keep is before nothing)."""
    if len(new) == len(old) and _plain_utc(new) and _plain_utc(old):
        return new < old
    first, second = instant_of(new), instant_of(old)
    return first is not None and second is not None and first < second
