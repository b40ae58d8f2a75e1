"""Hypothesis strategies generated from the format schemas themselves.

``valid_payloads(fmt)`` draws payloads that are valid *by construction* from
``schemas/<fmt>.schema.json``; ``near_misses(fmt)`` draws a valid payload with exactly one
mutation (wrong type, missing required key, value outside the enum, null where not nullable,
bad format, number out of range, ``True`` for an integer, ``"2"`` for ``2``, ``2.5`` for an
integer, a broken wrapper); ``any_payload(fmt)`` mixes the two. A near miss is only *usually*
invalid (``"2.0"`` mutated to ``2.0`` may still be fine somewhere): the reference validator
decides, never this module.

Why our own generator rather than hypothesis-jsonschema: its last release (0.23.1) is
unmaintained and fails on the Hypothesis we pin (``AttributeError: 'many' object has no
attribute 'more'`` from 6.170.10 on), it does not know the ``uuid`` format, and it cannot make
near misses at all. Our schemas use a small, fixed subset of draft 2020-12 (type and type
lists, enum, properties/required/additionalProperties, items, anyOf, ``$ref`` into ``$defs``,
if/then/else on ``required``, minimum/maximum, formats uuid/date-time/uri), so a walk over that
subset is short, and it fails loudly on any keyword it does not know, so that a schema change
cannot silently shrink what the tests cover.

Numbers follow JSON Schema, not Python: an integer is drawn both as ``n`` and as ``float(n)``
(``2.0`` is an integer), floats are finite, integers stay within 64 bits (what jobstatus reads).
"""

from __future__ import annotations

import calendar
import json
import os
from collections.abc import Callable, Mapping
from functools import cache
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

# JOBSTATUS_SCHEMAS points the strategies at another schema folder (test_fifth_format.py).
_CHECKOUT_SCHEMAS = Path(__file__).resolve().parent.parent / "schemas"
SCHEMAS = Path(os.environ.get("JOBSTATUS_SCHEMAS", _CHECKOUT_SCHEMAS))
FORMAT_IDS = tuple(
    sorted(
        (path.name.removesuffix(".schema.json") for path in SCHEMAS.glob("*.schema.json")),
        key=lambda name: (name == "canonical", name),
    )
)
VENDOR_FORMATS = tuple(name for name in FORMAT_IDS if name != "canonical")

Json = Any
Strategy = st.SearchStrategy[Any]

INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1
# Integers that float() keeps exactly; larger ones would change value as float(n).
FLOAT_EXACT = 2**53

# Keywords that only annotate; every other keyword must be handled below.
_ANNOTATIONS = frozenset(
    {"$schema", "$id", "$comment", "$defs", "title", "description", "examples", "x-jobstatus"}
)
_HANDLED = frozenset(
    {
        "$ref",
        "type",
        "enum",
        "properties",
        "required",
        "additionalProperties",
        "items",
        "anyOf",
        "if",
        "then",
        "else",
        "maximum",
        "minimum",
        "format",
    }
)


@cache
def load_schema(format_id: str) -> dict[str, Any]:
    """The checkout's schema of *format_id* (the source of truth, not the installed copy)."""
    schema: dict[str, Any] = json.loads((SCHEMAS / f"{format_id}.schema.json").read_text())
    return schema


@cache
def declared_names() -> frozenset[str]:
    """Every property name any format declares, in any ``$defs`` entry."""
    names: set[str] = set()
    for format_id in FORMAT_IDS:
        schema = load_schema(format_id)
        for sub in [schema, *schema.get("$defs", {}).values()]:
            names.update(sub.get("properties", {}))
    return frozenset(names)


# ---------------------------------------------------------------------------------------------
# Leaves: JSON values, numbers, and the three string formats.

json_scalars: Strategy = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(INT64_MIN, INT64_MAX),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=12),
)
json_values: Strategy = st.recursive(
    json_scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.dictionaries(st.text(max_size=8), inner, max_size=3),
    ),
    max_leaves=6,
)


def _integers(minimum: float | None, maximum: float | None) -> Strategy:
    low = INT64_MIN if minimum is None else max(INT64_MIN, int(minimum))
    high = INT64_MAX if maximum is None else min(INT64_MAX, int(maximum))
    exact = st.integers(max(low, -FLOAT_EXACT), min(high, FLOAT_EXACT))
    edges = st.sampled_from([v for v in (0, 1, -1, 2, low, high) if low <= v <= high])
    # Both spellings of a JSON Schema integer: 42 and 42.0.
    return st.one_of(st.integers(low, high), edges, exact.map(float))


def _numbers(minimum: float | None, maximum: float | None) -> Strategy:
    floats = st.floats(min_value=minimum, max_value=maximum, allow_nan=False, allow_infinity=False)
    return st.one_of(_integers(minimum, maximum), floats)


_HEX = "0123456789abcdef"


_UUIDS = st.uuids(allow_nil=True)


@st.composite
def uuids(draw: st.DrawFn) -> str:
    """RFC 4122 text form: 8-4-4-4-12 hex digits, any version, either case."""
    text = str(draw(_UUIDS))
    return text.upper() if draw(st.booleans()) else text


_FRACTIONS = st.one_of(st.just(""), st.text("0123456789", min_size=1, max_size=9))
_OFFSETS = st.one_of(
    st.sampled_from(["Z", "z", "+00:00", "-00:00"]),
    st.builds(
        "{}{:02d}:{:02d}".format, st.sampled_from("+-"), st.integers(0, 23), st.integers(0, 59)
    ),
)
_CLOCK = st.tuples(st.integers(0, 23), st.integers(0, 59), st.integers(0, 59))


@st.composite
def date_times(draw: st.DrawFn) -> str:
    """RFC 3339 date-times: fractions of any length, Z/z or numeric offsets, T/t separator."""
    # Every strategy used here is built once at import: building them per draw is slow.
    year = draw(st.integers(1, 9999))
    month = draw(st.integers(1, 12))
    day = draw(st.integers(1, calendar.monthrange(year, month)[1]))
    hour, minute, second = draw(_CLOCK)
    fraction = draw(_FRACTIONS)
    offset = draw(_OFFSETS)
    sep = draw(st.sampled_from("Tt"))
    frac = f".{fraction}" if fraction else ""
    return (
        f"{year:04d}-{month:02d}-{day:02d}{sep}{hour:02d}:{minute:02d}:{second:02d}{frac}" + offset
    )


_UNRESERVED = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~"
_SEGMENT = st.text(_UNRESERVED, max_size=10)
_PCT = st.integers(0, 255).map("%{:02X}".format)
_SCHEMES = st.sampled_from(["https", "http", "ftp", "urn", "mailto", "x-job+v1.2"])
_OPAQUE = st.text(_UNRESERVED + ":@", min_size=1, max_size=20)
_PORTS = st.one_of(st.just(""), st.integers(0, 65535).map(":{}".format))
_PATH = st.lists(st.one_of(_SEGMENT, _PCT), max_size=4)
_QUERY = st.one_of(st.just(""), _SEGMENT.map("?{}".format))
_FRAGMENT = st.one_of(st.just(""), _SEGMENT.map("#{}".format))
_HOSTS = st.one_of(
    st.from_regex(r"\A[a-z][a-z0-9-]{0,10}(\.[a-z][a-z0-9-]{0,10}){0,2}\Z"),
    st.sampled_from(["example.zendesk.com", "127.0.0.1", "[::1]", "localhost"]),
)


@st.composite
def uris(draw: st.DrawFn) -> str:
    """Absolute URIs (RFC 3986 ``URI``): a scheme, then an authority and path, or an opaque part."""
    scheme = draw(_SCHEMES)
    if scheme in {"urn", "mailto"}:
        return f"{scheme}:{draw(_OPAQUE)}"
    host = draw(_HOSTS)
    port = draw(_PORTS)
    path = "".join(f"/{segment}" for segment in draw(_PATH))
    query = draw(_QUERY)
    fragment = draw(_FRAGMENT)
    return f"{scheme}://{host}{port}{path}{query}{fragment}"


_FORMATS: dict[str, Strategy] = {
    "uuid": uuids(),
    "date-time": date_times(),
    "uri": uris(),
}

_BAD_FORMATS: dict[str, Strategy] = {
    "uuid": st.one_of(
        st.sampled_from(
            [
                "",
                "not a uuid",
                "3fa85f6457174562b3fc2c963f66afa6",  # no hyphens
                "{3fa85f64-5717-4562-b3fc-2c963f66afa6}",
                "urn:uuid:3fa85f64-5717-4562-b3fc-2c963f66afa6",
                "3fa85f64-5717-4562-b3fc-2c963f66afa",  # too short
                "3fa85f64-5717-4562-b3fc-2c963f66afa6a",  # too long
                "3fa85f64-5717-4562-b3fc_2c963f66afa6",
                "gfa85f64-5717-4562-b3fc-2c963f66afa6",
                " 3fa85f64-5717-4562-b3fc-2c963f66afa6",
            ]
        ),
        st.uuids().map(lambda u: str(u).replace("-", "")),
    ),
    "date-time": st.sampled_from(
        [
            "",
            "2024-10-02",  # a date is not a date-time
            "2024-10-02T17:05:05",  # no offset
            "2024-10-02 17:05:05Z",  # space separator (allowed by RFC 3339 prose only)
            "2024-13-02T17:05:05Z",
            "2024-02-30T17:05:05Z",
            "2024-10-02T24:05:05Z",
            "2024-10-02T17:05:05+0100",
            "2024-10-02T17:05:05.Z",
            "02/10/2024 17:05",
            "1695830400",
        ]
    ),
    "uri": st.sampled_from(
        [
            "",
            "/api/v2/job_statuses/1.json",  # relative reference
            "example.zendesk.com/api",
            "https://example.com/a b",
            "https://exa mple.com/",
            "1http://example.com",
            "https://example.com/%zz",
            "::",
        ]
    ),
}

# One value of every JSON type, chosen to be confusable with another: "2" for 2, 2.5 for an
# integer, True for 1, 2.0 that is an integer, null, and empty containers.
_TYPE_SAMPLES: dict[str, tuple[Json, ...]] = {
    "null": (None,),
    "boolean": (True, False),
    "integer": (2, 0, -1, 2.0),
    "number": (2.5, -0.5, 1e300),
    "string": ("2", "", "null", "true"),
    "array": ([], [1]),
    "object": ({}, {"id": 1}),
}


def _types_of(schema: Mapping[str, Any]) -> set[str] | None:
    kind = schema.get("type")
    if kind is None:
        return None
    return {kind} if isinstance(kind, str) else set(kind)


def _wrong_type_values(allowed: set[str]) -> list[Json]:
    out: list[Json] = []
    for kind, samples in _TYPE_SAMPLES.items():
        if kind in allowed or (kind == "integer" and "number" in allowed):
            continue
        if kind == "number" and "integer" in allowed:
            out += [s for s in samples if not float(s).is_integer()]
            continue
        out += list(samples)
    return out


# ---------------------------------------------------------------------------------------------
# The walk.

_TEMPTING_KEYS = frozenset(
    {"request_id", "model_config", "model_fields", "__class__", "__dict__", "dict", "json"}
    | {"copy", "", "~", "/", "a/b~c", "ключ"}
)


class SchemaWalker:
    """Builds strategies for one schema document (which ``$ref`` resolves against)."""

    def __init__(self, root: Mapping[str, Any], *, foreign_keys: bool) -> None:
        self.root = root
        self.foreign_keys = foreign_keys
        # Strategies are built once per (subschema, forbidden keys): building one per draw
        # (inside composites) would make every example an order of magnitude slower.
        self._memo: dict[tuple[str, int, frozenset[str]], Strategy] = {}

    def _cached(
        self,
        kind: str,
        schema: Mapping[str, Any],
        forbidden: frozenset[str],
        build: Callable[[], Strategy],
    ) -> Strategy:
        key = (kind, id(schema), forbidden)
        if key not in self._memo:
            self._memo[key] = build()
        return self._memo[key]

    def resolve(self, schema: Mapping[str, Any]) -> Mapping[str, Any]:
        while "$ref" in schema:
            ref = schema["$ref"]
            if not ref.startswith("#/$defs/"):
                raise NotImplementedError(f"$ref {ref!r}: only #/$defs/... is supported")
            siblings = set(schema) - {"$ref"} - _ANNOTATIONS
            if siblings:
                raise NotImplementedError(f"keywords beside $ref: {sorted(siblings)}")
            schema = self.root["$defs"][ref.removeprefix("#/$defs/")]
        unknown = set(schema) - _HANDLED - _ANNOTATIONS
        if unknown:
            raise NotImplementedError(f"schema keywords not supported here: {sorted(unknown)}")
        return schema

    # -- valid values -------------------------------------------------------------------------

    def valid(self, schema: Mapping[str, Any], forbidden: frozenset[str] = frozenset()) -> Strategy:
        """Values valid against *schema*; objects never get the keys in *forbidden*."""
        return self._cached("valid", schema, forbidden, lambda: self._valid(schema, forbidden))

    def _valid(self, schema: Mapping[str, Any], forbidden: frozenset[str]) -> Strategy:
        schema = self.resolve(schema)
        if "if" in schema:
            return self._conditional(schema, forbidden, self.valid)
        if "enum" in schema:
            return st.sampled_from(schema["enum"])
        if "anyOf" in schema:
            return st.one_of(*(self.valid(branch) for branch in schema["anyOf"]))
        types = _types_of(schema)
        if types is None:
            return json_values
        return st.one_of(*(self._valid_of_type(schema, kind, forbidden) for kind in sorted(types)))

    def _conditional(
        self,
        schema: Mapping[str, Any],
        forbidden: frozenset[str],
        make: Callable[[Mapping[str, Any], frozenset[str]], Strategy],
    ) -> Strategy:
        # Our conditionals all read "if the wrapper key is present": then has it, else must not.
        condition = schema["if"]
        keys = frozenset(condition.get("required", ()))
        if set(condition) - {"required"} or not keys:
            raise NotImplementedError("only `if: {required: [...]}` conditions are supported")
        rest = {k: v for k, v in schema.items() if k not in {"if", "then", "else"}}
        if set(rest) - _ANNOTATIONS - {"type"}:
            raise NotImplementedError("keywords beside if/then/else other than type")
        then = make(schema.get("then", {"type": "object"}), forbidden)
        otherwise = make(schema.get("else", {"type": "object"}), forbidden | keys)
        return st.one_of(then, otherwise)

    def _valid_of_type(
        self, schema: Mapping[str, Any], kind: str, forbidden: frozenset[str]
    ) -> Strategy:
        low, high = schema.get("minimum"), schema.get("maximum")
        if kind == "null":
            return st.none()
        if kind == "boolean":
            return st.booleans()
        if kind == "integer":
            return _integers(low, high)
        if kind == "number":
            return _numbers(low, high)
        if kind == "string":
            fmt = schema.get("format")
            if fmt is None:
                return st.text(max_size=20)
            return _FORMATS[fmt]
        if kind == "array":
            return st.lists(self.valid(schema.get("items", {})), max_size=3)
        if kind == "object":
            return self._valid_object(schema, forbidden)
        raise NotImplementedError(f"type {kind!r}")

    def extra_keys(self, schema: Mapping[str, Any], forbidden: frozenset[str]) -> Strategy:
        """Names for the extra keys of an open object (never declared, never *forbidden*)."""
        return self._cached("keys", schema, forbidden, lambda: self._keys(schema, forbidden))

    def extras(self, schema: Mapping[str, Any], forbidden: frozenset[str]) -> Strategy:
        """The extra members of an open object: up to two, with any JSON values."""
        return self._cached(
            "extras",
            schema,
            forbidden,
            lambda: st.dictionaries(self.extra_keys(schema, forbidden), json_values, max_size=2),
        )

    def _keys(self, schema: Mapping[str, Any], forbidden: frozenset[str]) -> Strategy:
        declared = set(schema.get("properties", {}))
        # Keys that tempt a model into mischief: other formats' field names, the Python names
        # of wire fields (request_id), pydantic's own attribute names, odd characters.
        tempting = sorted(declared_names() | _TEMPTING_KEYS)
        keys = st.one_of(st.text(max_size=10), st.sampled_from(tempting))
        banned = declared | forbidden
        if not self.foreign_keys:
            banned |= declared_names() | {"request_id"}
        return keys.filter(lambda key: key not in banned)

    def _valid_object(self, schema: Mapping[str, Any], forbidden: frozenset[str]) -> Strategy:
        return _object(self, schema, forbidden, None)

    # -- near misses ------------------------------------------------------------------------------

    def invalid(
        self, schema: Mapping[str, Any], forbidden: frozenset[str] = frozenset()
    ) -> Strategy:
        """Values with one mutation, here or somewhere inside; usually invalid."""
        return self._cached("invalid", schema, forbidden, lambda: self._invalid(schema, forbidden))

    def _invalid(self, schema: Mapping[str, Any], forbidden: frozenset[str]) -> Strategy:
        schema = self.resolve(schema)
        if "if" in schema:
            top = [st.sampled_from(_wrong_type_values({"object"}))]
            return st.one_of(*top, self._conditional(schema, forbidden, self.invalid))
        options: list[Strategy] = []
        if "enum" in schema:
            options.append(_outside_enum(schema["enum"]))
        if "anyOf" in schema:
            # A value of no branch's type, or a broken value of one branch.
            allowed: set[str] = set()
            for branch in schema["anyOf"]:
                allowed |= _types_of(self.resolve(branch)) or set()
            options.append(st.sampled_from(_wrong_type_values(allowed)))
            options += [self.invalid(branch) for branch in schema["anyOf"]]
        types = _types_of(schema)
        if types is not None:
            options.append(st.sampled_from(_wrong_type_values(types)))
            if "format" in schema:
                options.append(_BAD_FORMATS[schema["format"]])
            if "maximum" in schema:
                options.append(_beyond(schema["maximum"], +1, "integer" in types))
            if "minimum" in schema:
                options.append(_beyond(schema["minimum"], -1, "integer" in types))
            if "object" in types:
                options += self._invalid_object(schema, forbidden)
            if "array" in types and "items" in schema:
                item = self.invalid(schema["items"])
                options.append(
                    st.tuples(st.lists(self.valid(schema["items"]), max_size=2), item).map(
                        lambda pair: [*pair[0], pair[1]]
                    )
                )
        if not options:  # {} accepts everything: no near miss exists
            return st.nothing()
        return st.one_of(*options)

    def _invalid_object(
        self, schema: Mapping[str, Any], forbidden: frozenset[str]
    ) -> list[Strategy]:
        options: list[Strategy] = []
        for key in schema.get("required", ()):
            options.append(_object(self, schema, forbidden, key))  # required key missing
        properties: Mapping[str, Any] = schema.get("properties", {})
        for key, sub in properties.items():
            bad = self.invalid(sub)
            if bad.is_empty:
                continue
            options.append(
                st.tuples(_object(self, schema, forbidden, None), bad).map(
                    lambda pair, key=key: {**pair[0], key: pair[1]}
                )
            )
        if schema.get("additionalProperties", True) is False:
            names = st.text(max_size=8).filter(lambda k: k not in properties)
            options.append(
                st.tuples(_object(self, schema, forbidden, None), names, json_values).map(
                    lambda t: {**t[0], t[1]: t[2]}
                )
            )
        return options


@st.composite
def _object(
    draw: st.DrawFn,
    walker: SchemaWalker,
    schema: Mapping[str, Any],
    forbidden: frozenset[str],
    missing: str | None,
) -> dict[str, Json]:
    """An object valid against *schema*, except that required key *missing* is left out."""
    properties: Mapping[str, Any] = schema.get("properties", {})
    required = [k for k in schema.get("required", ()) if k != missing]
    optional = [k for k in properties if k not in schema.get("required", ())]
    chosen = list(required)
    if optional:
        chosen += draw(st.lists(st.sampled_from(optional), unique=True))
    out: dict[str, Json] = {}
    # Insertion order is drawn too, so that no code can rely on the schema's key order.
    for key in draw(st.permutations(chosen)):
        out[key] = draw(walker.valid(properties.get(key, {})))
    if schema.get("additionalProperties", True) is not False:
        extras = walker.extras(schema, forbidden | ({missing} if missing else set()))
        out.update(draw(extras))
    return out


def _outside_enum(values: list[Json]) -> Strategy:
    strings = [v for v in values if isinstance(v, str)]
    tempting = (
        [s.upper() for s in strings]
        + [s.lower() for s in strings]
        + [s.capitalize() for s in strings]
        + [s + " " for s in strings]
        + ["", "done", "running", "RUNNING", "complete"]
    )
    candidates = sorted({t for t in tempting if t not in values})
    return st.one_of(st.sampled_from(candidates), st.text(max_size=10)).filter(
        lambda v: v not in values
    )


def _beyond(bound: float, direction: int, integral: bool) -> Strategy:
    step = (
        st.integers(1, 10**6)
        if integral
        else st.floats(min_value=1e-9, max_value=1e12, allow_nan=False)
    )
    return step.map(lambda d: bound + direction * d).filter(lambda v: v != bound)


# ---------------------------------------------------------------------------------------------
# Public strategies.


@cache
def valid_payloads(format_id: str, *, foreign_keys: bool = True) -> Strategy:
    """Payloads of *format_id* valid by construction, in every wire shape.

    With ``foreign_keys=False`` the extra keys of open objects avoid every property name that
    any format declares, so that a payload cannot look like another format (detection tests).
    """
    walker = SchemaWalker(load_schema(format_id), foreign_keys=foreign_keys)
    return walker.valid(load_schema(format_id))


@cache
def near_misses(format_id: str) -> Strategy:
    """A valid payload with one mutation; usually invalid (the reference validator decides)."""
    walker = SchemaWalker(load_schema(format_id), foreign_keys=True)
    return walker.invalid(load_schema(format_id))


@cache
def any_payload(format_id: str) -> Strategy:
    """Valid payloads and near misses, in about equal measure."""
    # Not st.one_of(valid, near): one_of flattens nested one_ofs and picks a branch uniformly,
    # so the dozens of mutation branches would drown the valid side.
    valid, near = valid_payloads(format_id), near_misses(format_id)
    return st.booleans().flatmap(lambda is_valid: valid if is_valid else near)
