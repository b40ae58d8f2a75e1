"""Detection is exactly the scoring rule of jobstatus._detect's docstring, stated plainly here.

The library detects with a cached, early-stopping organisation of that rule (it runs once per
linted line); ``reference_detect`` below is the rule written the obvious way, the oracle.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from conftest import SCHEMAS
from hypothesis import given
from hypothesis import strategies as st

from jobstatus._detect import detect_value, detect_with_validity
from jobstatus._formats import FORMATS, spec

KEYS = sorted({key for f in FORMATS for key in spec(f).property_validators} | {"extra"})
STATES = sorted({value for f in FORMATS for value in spec(f).state_values} | {"paused"})
VALUES = st.one_of(
    st.sampled_from(STATES),
    st.sampled_from(["3fa85f64-5717-4562-b3fc-2c963f66afa6", "V3-abc", "2024-10-02T17:05:05Z",
                     "2024-10-02 17:05", "40", "", "https://x.zendesk.com/a.json"]),
    st.integers(-5, 150),
    st.sampled_from([2.0, 0.5, 100.0, 140.5, -1.0]),
    st.none(),
    st.booleans(),
    st.just([]),
    st.just({"success": True}),
    st.just([{"index": 0, "id": 1}]),
)


def _examples() -> list[Any]:
    found = []
    for path in sorted(Path(SCHEMAS).glob("*.schema.json")):
        found += json.loads(path.read_text()).get("examples", [])
    return found


def reference_detect(value: Any) -> str | None:
    """The rule: an envelope key decides; else the best (accepted, declared, valid) score over
    the formats declaring any of the keys; a tie is ambiguous unless one vendor is in it."""
    if not isinstance(value, dict):
        return None
    for format_id in FORMATS:
        for shape in spec(format_id).shapes:
            if shape.key is not None and shape.key in value:
                return format_id
    scores = {}
    for format_id in FORMATS:
        props = spec(format_id).property_validators
        declared = [key for key in value if key in props]
        if declared:
            accepted = sum(1 for key in declared if props[key].is_valid(value[key]))
            scores[format_id] = (accepted, len(declared), spec(format_id).validator.is_valid(value))
    if not scores:
        return None
    best = max(scores.values())
    winners = [f for f, score in scores.items() if score == best]
    vendors = [f for f in winners if f != "canonical"]
    if len(winners) == 1:
        return winners[0]
    return vendors[0] if len(vendors) == 1 else None


def _check(value: Any) -> None:
    format_id, valid = detect_with_validity(value)
    assert format_id == reference_detect(value)
    assert detect_value(value) == format_id
    if valid is not None:
        assert format_id is not None
        assert valid == spec(format_id).validator.is_valid(value)


@given(st.dictionaries(st.sampled_from(KEYS), VALUES, max_size=9))
def test_fast_detection_is_detect(value: dict[str, Any]) -> None:
    _check(value)


@given(st.sampled_from(_examples()), st.dictionaries(st.sampled_from(KEYS), VALUES, max_size=3))
def test_fast_detection_on_altered_examples(example: Any, changes: dict[str, Any]) -> None:
    _check(example)
    if isinstance(example, dict) and len(example) > 1:
        _check({**example, **changes})
