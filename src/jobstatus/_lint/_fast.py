"""The linter's fast accept path: typed msgspec decoders made from the schemas.

Most captured polls are valid, and for them the exact path (``orjson.loads``, the long-integer
scan, detection, ``jsonschema_rs``) costs more than twice the decoding alone. Here a payload
line is instead offered to a msgspec decoder of one wire shape of one format, which decodes
and checks it in one pass, in C. The decoder is *trusted only when it accepts*: anything it
refuses, for whatever reason, takes the exact path, which alone writes findings. So the fast
path can only change speed, never results, provided that what a decoder accepts is

1. valid against the format's schema, and decoded to the value ``orjson`` gives: every
   schema construct is translated exactly or more strictly (a property whose schema is not
   understood here is left out, so a payload carrying it is refused); integers are bounded to
   the 64-bit range the exact decoder keeps; unknown keys are refused (``forbid_unknown_fields``),
   so every value in an accepted payload was checked by a typed decoder (msgspec would skip
   an unknown key's value without checking its UTF-8 or its numbers); string formats
   (``uuid``, ``date-time``, ...) are checked by jsonschema-rs itself, after decoding.
2. detected as that format. An accepted payload is a wrapper of its format with no other
   envelope key, or a bare object whose keys all belong to its format and include the format's
   *marker*: a key no other vendor format declares. Then its format declares more of its keys
   than any other vendor format, and ties with the hub at most, which a vendor wins
   (``jobstatus._detect``).

``tests/test_lint_fast.py`` holds both promises against the exact path, on generated payloads
and on byte-level mutations of them.
"""

from __future__ import annotations

import functools
import operator
import typing
from collections.abc import Callable, Mapping
from typing import Annotated, Any, Literal, NamedTuple, Union

import jsonschema_rs
import msgspec

from jobstatus._formats import FORMATS, Shape, spec
from jobstatus._json import pointer_join
from jobstatus._lint._hot import FastPlan, FormatCheck, KnownGood, PlanTable, accept_line
from jobstatus._lint._observe import Obs, Where, fact_keys, states, struct_reader
from jobstatus._lint._sequence import state_class_of
from jobstatus._lint._state import JobState

__all__ = ["FastShape", "fast_plans", "fast_shapes", "plan_list", "sniff"]

_HUB = "canonical"
# The exact decoder keeps integers in -2**63 .. 2**64-1; msgspec's bounds must fit an int64.
_INT_MIN, _INT_MAX = -(2**63), 2**63 - 1
_ANNOTATIONS = frozenset({"title", "description", "$comment", "examples", "default",
                          "deprecated", "readOnly", "writeOnly"})


class _Unsupported(Exception):
    """A schema construct this module does not translate (the property is left out)."""


# --- string formats: checked by jsonschema-rs after decoding, results cached --------------


@functools.cache
def _format_validator(name: str) -> Any:
    return jsonschema_rs.validator_for(
        {"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "string",
         "format": name}, validate_formats=True)


class _Formatted(NamedTuple):
    """What :meth:`_Translator.one_type` gives for a string with a ``format``: decoded as
    *type* (a str, maybe nullable), checked after decoding (only as an object's property)."""

    name: str
    type: Any


# --- schema -> msgspec types ---------------------------------------------------------------


_ATTRS: dict[type, dict[str, str]] = {}
"""Struct -> {wire key: its attribute} (attributes are f0, f1, ...: wire keys need not be
identifiers)."""
_FORMATS_OF: dict[type, tuple[tuple[str, str], ...]] = {}
"""Struct -> (attribute, string format) of each formatted string property."""


class _Translator:
    def __init__(self, schema: Mapping[str, Any]):
        self.defs: Mapping[str, Any] = schema.get("$defs", {})
        self.structs: dict[tuple[str, str | None], Any] = {}

    def resolve(self, node: Mapping[str, Any]) -> Mapping[str, Any]:
        ref = node.get("$ref")
        if ref is None:
            return node
        if set(node) - _ANNOTATIONS - {"$ref"} or not ref.startswith("#/$defs/"):
            raise _Unsupported(ref)
        return self.resolve(self.defs[ref.removeprefix("#/$defs/")])

    def type_of(self, node: Any, name: str) -> Any:
        if node is True or node == {}:
            return _ANY_SCALAR
        if not isinstance(node, Mapping):
            raise _Unsupported(node)
        if "$ref" in node:
            target = self.resolve(node)
            name = node["$ref"].rsplit("/", 1)[-1]
            if target.get("type") == "object":
                return self.struct(target, name)
            return self.type_of(target, name)
        keys = set(node) - _ANNOTATIONS
        if "anyOf" in keys:
            if keys != {"anyOf"}:
                raise _Unsupported("anyOf with siblings")
            return _union([self.type_of(sub, name) for sub in node["anyOf"]])
        if "enum" in keys:
            values = node["enum"]
            if keys - {"enum", "type"} or not all(type(v) is str for v in values) or \
                    node.get("type", "string") != "string":
                raise _Unsupported("enum")
            return Literal[tuple(values)]
        kinds = node.get("type")
        if kinds is None:
            raise _Unsupported("no type")
        if isinstance(kinds, list):
            return _union([self.one_type(node, kind, name) for kind in kinds])
        return self.one_type(node, kinds, name)

    def one_type(self, node: Mapping[str, Any], kind: str, name: str) -> Any:
        keys = set(node) - _ANNOTATIONS - {"type"}
        if kind == "null":
            return None
        if kind == "boolean":
            return bool
        if kind == "string":
            if keys - {"format", "minLength", "maxLength"}:
                raise _Unsupported(str(keys))
            meta = {}
            if "minLength" in node:
                meta["min_length"] = node["minLength"]
            if "maxLength" in node:
                meta["max_length"] = node["maxLength"]
            if "format" in node:
                return _Formatted(node["format"],
                                  Annotated[str, msgspec.Meta(**meta)] if meta else str)
            return Annotated[str, msgspec.Meta(**meta)] if meta else str
        if kind in ("integer", "number"):
            bounds = {"minimum": "ge", "maximum": "le", "exclusiveMinimum": "gt",
                      "exclusiveMaximum": "lt"}
            if keys - set(bounds):
                raise _Unsupported(str(keys))
            meta = {bounds[key]: node[key] for key in keys}
            int_meta = dict(meta)
            int_meta["ge"] = max(int_meta.get("ge", _INT_MIN), _INT_MIN)
            int_meta["le"] = min(int_meta.get("le", _INT_MAX), _INT_MAX)
            integer = Annotated[int, msgspec.Meta(**int_meta)]
            if kind == "integer":
                return integer  # a float (2.0) is refused: the exact path decides it
            real = Annotated[float, msgspec.Meta(**meta)] if meta else float
            return Union[integer, real]  # noqa: UP007
        if kind == "array":
            if keys - {"items"}:
                raise _Unsupported(str(keys))
            items = self.type_of(node.get("items", {}), name)
            if isinstance(items, _Formatted):
                raise _Unsupported("array of formatted strings")
            return list[items]  # type: ignore[valid-type]
        if kind == "object":
            return self.struct(node, name + "_object")
        raise _Unsupported(kind)

    def struct(self, node: Mapping[str, Any], name: str, marker: str | None = None) -> Any:
        """A Struct of an object schema (one per name); *marker* is made required too.
        Properties whose schema is not translated are left out (a payload that has one is
        refused)."""
        cached = self.structs.get((name, marker))
        if cached is None:
            cached = self.structs[(name, marker)] = self._struct(node, name, marker)
        return cached

    def _struct(self, node: Mapping[str, Any], name: str, marker: str | None) -> Any:
        keys = set(node) - _ANNOTATIONS - {"type"}
        if keys - {"properties", "required", "additionalProperties"}:
            raise _Unsupported(str(keys))
        required = set(node.get("required", ()))
        if marker is not None:
            required.add(marker)
        fields: list[tuple[str, Any] | tuple[str, Any, Any]] = []
        rename = {}
        formats = []
        for index, (key, sub) in enumerate(node.get("properties", {}).items()):
            try:
                field_type = self.type_of(sub, key)
            except _Unsupported:
                if key in required:
                    raise
                continue
            attr = f"f{index}"
            rename[attr] = key
            if isinstance(field_type, _Formatted):
                formats.append((attr, field_type.name))
                field_type = field_type.type
            if key in required:
                fields.insert(sum(1 for f in fields if len(f) == 2), (attr, field_type))
            else:
                fields.append((attr, field_type, None))
        missing = required - set(rename.values())
        if missing:
            raise _Unsupported(f"required but not declared: {sorted(missing)}")
        struct = msgspec.defstruct(name, fields, rename=rename, forbid_unknown_fields=True,
                                    gc=False)
        _ATTRS[struct] = {key: attr for attr, key in rename.items()}
        _FORMATS_OF[struct] = tuple(formats)
        return struct


def _union(members: list[Any]) -> Any:
    """A union; a formatted string may only be joined by null (a nullable formatted property)."""
    formatted = [member for member in members if isinstance(member, _Formatted)]
    if not formatted:
        return Union[tuple(members)]  # noqa: UP007
    others = [member for member in members if not isinstance(member, _Formatted)]
    if len(formatted) > 1 or any(member is not None for member in others):
        raise _Unsupported("formatted string in a union")
    name, text = formatted[0]
    return _Formatted(name, Union[text, None] if others else text)  # noqa: UP007


_ANY_SCALAR: Any = Union[  # noqa: UP007 - "any JSON", narrowed to scalars (a subset)
    None, bool, Annotated[int, msgspec.Meta(ge=_INT_MIN, le=_INT_MAX)], float, str]


# --- shapes, markers and the sniff ---------------------------------------------------------


def _structs_in(annotation: Any, in_list: bool = False) -> list[tuple[bool, type]]:
    """The Struct classes a field's type can hold: (as list elements?, class)."""
    origin = typing.get_origin(annotation)
    if origin is Union or origin is Annotated:
        args = typing.get_args(annotation)[:1] if origin is Annotated else typing.get_args(
            annotation)
        return [found for arg in args for found in _structs_in(arg, in_list)]
    if origin is list:
        return _structs_in(typing.get_args(annotation)[0], True)
    if isinstance(annotation, type) and issubclass(annotation, msgspec.Struct):
        return [(in_list, annotation)]
    return []


def _format_check(struct: type, made: dict[type, FormatCheck] | None = None
                  ) -> FormatCheck | None:
    """What to check of the formatted strings of a decoded *struct*, nested Structs included
    (None: nothing). A Struct class met again (a recursive schema) shares its check."""
    made = {} if made is None else made
    if struct in made:
        return made[struct]
    check = made[struct] = FormatCheck()
    check.strings = [(attr, KnownGood(_format_validator(name).is_valid))
                     for attr, name in _FORMATS_OF[struct]]
    for field in msgspec.structs.fields(struct):
        for in_list, child in _structs_in(field.type):
            inner = _format_check(child, made)
            if inner is not None:
                check.nested.append((field.name, in_list, child, inner))
    if not check.strings and not check.nested:
        del made[struct]
        return None
    return check


class FastShape:
    """One wire shape of one format, with what the linter does with a payload in it:
    ``plan`` is what the per-line loop (``_hot``) needs to decode and check it and to apply
    the quiet update; ``observe(struct, where)`` gives the Obs of each job, as the sequence
    reader gives them from the same payload as a dict."""

    __slots__ = ("format", "observe", "plan", "shape")

    def __init__(self, format_id: str, shape: Shape, struct: type, job_struct: type):
        self.format = format_id
        self.shape = shape
        job_attrs = _ATTRS[job_struct]
        job = struct_reader(format_id, job_attrs)
        found = fact_keys(format_id)
        if job is None or found is None:
            raise _Unsupported("no sequence reader")
        keys, integer_id = found
        inner = "" if shape.key is None else _ATTRS[struct][shape.key]
        # The quiet update knows one job per payload, and makes plain JobStates: no start or
        # finish times (the formats that carry them have states of another class).
        single = shape.name != "list" and state_class_of(format_id) is JobState
        # The Struct a job is decoded as: the payload's own for a bare shape (a Struct made
        # with the shape's marker required: the same attributes, maybe in another order).
        decoded_job = struct if shape.key is None else job_struct
        self.plan = FastPlan(format_id, msgspec.json.Decoder(struct).decode,
                             _format_check(struct), self, single, inner,
                             {fact: job_attrs[key] for fact, key in keys.items()},
                             tuple(f.name for f in msgspec.structs.fields(decoded_job)),
                             integer_id,
                             states(format_id),
                             "" if shape.key is None else pointer_join("", shape.key),
                             tuple(msgspec.json.encode(f.encode_name)
                                   for f in msgspec.structs.fields(struct) if f.required))
        if shape.key is None:
            self.observe: Callable[[Any, Where], list[Obs]] = lambda value, where: [
                job(value, where, "")]
            return
        get_inner = operator.attrgetter(inner)
        base = self.plan.prefix
        if shape.name == "list":
            self.observe = lambda value, where: [
                job(item, where, f"{base}/{index}")
                for index, item in enumerate(get_inner(value))]
        else:
            self.observe = lambda value, where: [job(get_inner(value), where, base)]


def _declared(format_id: str) -> frozenset[str]:
    return frozenset(spec(format_id).property_validators)


def _marker(format_id: str, job: Mapping[str, Any]) -> str | None:
    """A key of the job object that no other vendor format declares (required ones first)."""
    others: set[str] = set()
    for other in FORMATS:
        if other not in (format_id, _HUB):
            others |= _declared(other)
    properties = list(job.get("properties", {}))
    required = [key for key in properties if key in set(job.get("required", ()))]
    return next((key for key in required + properties if key not in others), None)


def _shapes(format_id: str) -> list[FastShape]:
    if format_id == _HUB:
        return []  # the hub ties with vendors on shared keys; it has no fast path
    format_spec = spec(format_id)
    schema = format_spec.schema
    translator = _Translator(schema)
    defs = schema.get("$defs", {})
    job_def = format_spec.shapes[-1].definition
    envelope_keys = {shape.key for shape in format_spec.shapes if shape.key is not None}
    out: list[FastShape] = []
    for shape in format_spec.shapes:
        node = defs[shape.definition]
        # The schema's if/then/else picks a shape by its envelope key: a shape's Struct must
        # not declare the format's other envelope keys (unknown keys are refused).
        others = envelope_keys - {shape.key}
        if others & set(node.get("properties", {})):
            continue
        marker = shape.key if shape.key is not None else _marker(format_id, node)
        if marker is None:
            continue
        try:
            struct = translator.struct(node, shape.definition, marker=marker)
            job_struct = translator.struct(defs[job_def], job_def)
            out.append(FastShape(format_id, shape, struct, job_struct))
        except _Unsupported:
            continue
    return out


@functools.cache
def fast_shapes() -> dict[bytes, tuple[FastShape, ...]]:
    """First key of a payload line (as bytes) -> the fast shapes that declare it."""
    table: dict[bytes, list[FastShape]] = {}
    for fast in _all_shapes():
        node = spec(fast.format).schema["$defs"][fast.shape.definition]
        for key in node.get("properties", {}):
            table.setdefault(key.encode(), []).append(fast)
    return {key: tuple(shapes) for key, shapes in table.items()}


@functools.cache
def _all_shapes() -> tuple[FastShape, ...]:
    shapes = tuple(fast for format_id in FORMATS for fast in _shapes(format_id))
    for index, fast in enumerate(shapes):
        fast.plan.index = index
    return shapes


@functools.cache
def plan_list() -> tuple[FastPlan, ...]:
    """Every plan, each at its ``index`` (the same in every process: made from the schemas)."""
    return tuple(fast.plan for fast in _all_shapes())


@functools.cache
def fast_plans() -> PlanTable:
    """:func:`fast_shapes` as the per-line loop (``_hot.lint_lines``) takes it."""
    return PlanTable({key: tuple(fast.plan for fast in shapes)
                      for key, shapes in fast_shapes().items()})


def sniff(raw: bytes) -> tuple[FastShape, Any] | None:
    """The fast shape that accepts *raw* and its decoded Struct, or None (exact path): what
    the per-line loop does with a line before the sequence checks."""
    plan, value = accept_line(fast_plans(), raw)
    if plan is None:
        return None
    shape: FastShape = plan.shape
    return shape, value
