"""Which format a payload is in, decided from the schemas alone.

An envelope key (``background_job_status``, ``job_status``, ``job_statuses``) settles it at
once. A bare object is scored against each format's job properties: how many of its keys the
format declares with a value the format accepts, then how many it declares at all (so that a
payload with a few wrong values still counts as the format it plainly tries to be), then
whether the whole object is valid. A payload with none of a format's keys is never that format,
however permissive the format is (every Panoptica field is optional). A tie is ambiguous, except
that a vendor format beats the canonical hub, whose fields overlap Julep's.
"""

from __future__ import annotations

from typing import Any

from jobstatus._formats import FORMATS, spec
from jobstatus._json import JSONInput, load

__all__ = ["detect", "detect_value"]

_HUB = "canonical"


def detect(payload: JSONInput) -> str | None:
    """The format id of *payload*, or None when it is not (recognisably) any format."""
    return detect_value(load(payload))


def detect_value(value: Any) -> str | None:
    if not isinstance(value, dict):
        return None
    for format_id in FORMATS:
        for shape in spec(format_id).shapes:
            if shape.key is not None and shape.key in value:
                return format_id
    best: tuple[int, int, bool] | None = None
    winners: list[str] = []
    for format_id in FORMATS:
        format_spec = spec(format_id)
        declared = [key for key in value if key in format_spec.property_validators]
        if not declared:
            continue
        accepted = sum(
            1 for key in declared if format_spec.property_validators[key].is_valid(value[key])
        )
        score = (accepted, len(declared), format_spec.validator.is_valid(value))
        if best is None or score > best:
            best, winners = score, [format_id]
        elif score == best:
            winners.append(format_id)
    vendors = [format_id for format_id in winners if format_id != _HUB]
    if len(winners) == 1:
        return winners[0]
    if len(vendors) == 1:
        return vendors[0]
    return None
