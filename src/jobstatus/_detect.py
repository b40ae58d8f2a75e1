"""Which format a payload is in, decided from the schemas alone.

An envelope key (``background_job_status``, ``job_status``, ``job_statuses``) settles it at
once. A bare object is scored against each format's job properties by the score
``(accepted, declared, valid)``: how many of its keys the format declares with a value the
format accepts, then how many it declares at all (so that a payload with a few wrong values
still counts as the format it plainly tries to be), then whether the whole object is valid.
The best score wins. A payload with none of a format's keys is never that format, however
permissive the format is (every Panoptica field is optional). A tie is ambiguous, except that
a vendor format beats the canonical hub, whose fields overlap Julep's.

The scoring is organised to be cheap (it runs once per linted line): what depends on the keys
alone is cached per key tuple, and scoring stops once no remaining format can win. The plain
statement of the rule above lives in the tests (tests/test_detect_fast.py) as the oracle that
this implementation is held equal to.
"""

from __future__ import annotations

import functools
from operator import itemgetter
from typing import Any, cast

from jobstatus._formats import FORMATS, spec
from jobstatus._json import JSONInput, load

__all__ = ["detect", "detect_value", "detect_with_validity", "key_facts"]

_HUB = "canonical"
_CACHE_LIMIT = 4096


def detect(payload: JSONInput) -> str | None:
    """The format id of *payload*, or None when it is not (recognisably) any format."""
    return detect_with_validity(load(payload))[0]


def detect_value(value: Any) -> str | None:
    """:func:`detect` for an already decoded JSON value."""
    return detect_with_validity(value)[0]


@functools.cache
def _wrappers() -> tuple[tuple[str, str], ...]:
    """(envelope key, format) in registry order, the order they are tried in."""
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
        """The format an envelope key names: the answer, valid or not."""
        counts = [(sum(1 for k in keys if k in spec(f).property_validators), f) for f in FORMATS]
        self.ranked = sorted(((n, f) for n, f in counts if n), key=itemgetter(0), reverse=True)
        """(declared keys, format) of each format declaring any, most first."""
        top = [f for n, f in self.ranked if n == self.ranked[0][0]] if self.ranked else []
        sole = self.wrapper or (top[0] if len(top) == 1 else None)
        self.validator = None if sole is None else (sole, spec(sole).validator)
        """(format, validator) when a payload with these keys that is valid as that format is
        detected as it (an envelope key, or one format declaring the most keys)."""


_facts: dict[tuple[str, ...], _KeyFacts] = {}


def key_facts(keys: tuple[str, ...]) -> _KeyFacts:
    """What the keys alone say (cached; the linter's inline fast path reads it too)."""
    facts = _facts.get(keys)
    if facts is None:
        facts = _KeyFacts(keys)
        if len(_facts) >= _CACHE_LIMIT:  # bounded: key sets of junk input can be many
            _facts.clear()
        _facts[keys] = facts
    return facts


def detect_with_validity(value: Any, invalid_as: str | None = None
                         ) -> tuple[str | None, bool | None]:
    """``(format, whether value is valid as that format)``, validity None when not computed.
    *invalid_as*: a format the caller already found *value* invalid as (not validated again).
    Why this gives the answer of the scoring rule in the module docstring:

    * an envelope key decides (registry order, then shape order);
    * for a bare object, the rule ranks formats by the score (accepted keys, declared
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
    facts = key_facts(tuple(value))
    if facts.wrapper is not None:
        return facts.wrapper, None
    best: tuple[int, int, bool] | None = None
    winners: list[str] = []
    valid = False
    for declared, format_id in facts.ranked:
        if best is not None and (declared, declared, True) < best:
            break
        format_spec = spec(format_id)
        is_valid = format_id != invalid_as and format_spec.validator.is_valid(value)
        if is_valid:
            accepted = declared
        else:
            props = cast(dict[str, Any], format_spec.property_validators)  # compiled: dict.get
            accepted = 0
            payload: dict[str, Any] = value  # typed: compiled, a dict's own iteration
            for key, item in payload.items():  # a loop, not sum() over a generator object
                check = props.get(key)
                if check is not None and check.is_valid(item):
                    accepted += 1
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
