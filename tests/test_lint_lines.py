"""Findings point at the offending value: its line in pretty-printed JSON, its JSON pointer."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from jobstatus._json import pointer_of
from jobstatus._lint._checks import _offset_of

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=4), inner,
                                                                 max_size=4),
    max_leaves=20,
)


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(value, dict):
        for key, item in value.items():
            found += _paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _paths(item, (*prefix, index))
    return found


@given(JSON, st.sampled_from([None, 0, 2]), st.booleans())
def test_offset_of_finds_every_value(value: Any, indent: int | None, ascii_only: bool) -> None:
    text = json.dumps(value, indent=indent, ensure_ascii=ascii_only)
    decoder = json.JSONDecoder()
    for path in _paths(value):
        expected = value
        for token in path:
            expected = expected[token]
        found, _ = decoder.raw_decode(text, _offset_of(text, path))
        assert found == expected, path


def test_offset_of_stops_where_the_path_ends() -> None:
    text = '{\n "a": {\n  "b": 1\n }\n}'
    assert text[_offset_of(text, ["a", "missing"]) :].startswith('{\n  "b"')
    assert text[_offset_of(text, ["a", "b", "c"]) :].startswith("1")


def test_pointers_escape_tilde_and_slash_as_rfc_6901_says() -> None:
    assert pointer_of(["a/b", "m~n", 0, "~/", "plain"]) == "/a~1b/m~0n/0/~0~1/plain"
    assert pointer_of([]) == ""
