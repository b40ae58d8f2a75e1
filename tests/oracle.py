"""The reference validator and the exact JSON comparison that several test modules share."""

from __future__ import annotations

from functools import cache
from typing import Any

from jsonschema import Draft202012Validator
from strategies import load_schema


@cache
def oracle(format_id: str) -> Draft202012Validator:
    """python-jsonschema on the checkout's schema, formats asserted (format-nongpl extra)."""
    return Draft202012Validator(
        load_schema(format_id), format_checker=Draft202012Validator.FORMAT_CHECKER
    )


def assert_same_json(got: Any, want: Any, at: str = "") -> None:
    """Equal as JSON *and* type for type: 42 is not 42.0, False is not 0, null is not absent."""
    assert type(got) is type(want), f"at {at or '/'}: {got!r} is not {want!r}"
    if isinstance(want, dict):
        assert set(got) == set(want), f"at {at or '/'}: keys {sorted(got)} != {sorted(want)}"
        for key in want:
            assert_same_json(got[key], want[key], f"{at}/{key}")
    elif isinstance(want, list):
        assert len(got) == len(want), f"at {at or '/'}: length {len(got)} != {len(want)}"
        for index, (g, w) in enumerate(zip(got, want, strict=True)):
            assert_same_json(g, w, f"{at}/{index}")
    else:
        assert got == want, f"at {at or '/'}: {got!r} != {want!r}"


def oracle_errors(format_id: str, payload: Any) -> set[tuple[str, str]]:
    """(JSON pointer, keyword) of every error the reference validator reports at top level."""
    found = set()
    for error in oracle(format_id).iter_errors(payload):
        pointer = "".join(
            "/" + str(part).replace("~", "~0").replace("/", "~1") for part in error.path
        )
        found.add((pointer, str(error.validator)))
    return found
