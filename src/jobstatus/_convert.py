"""Conversion between formats, always through the canonical hub.

``F -> G`` is ``F -> canonical -> G`` by construction, so every route between two formats
gives the same result. The per-format code is generated from the mappings in the schemas
(jobstatus._generated.converters); this module holds what is common to all formats:

- rule 0: a record that came from the target format gets its raw state token and its extra
  fields back, which makes ``F -> canonical -> F`` the identity on the JSON;
- the loss report: fields the target cannot carry, collapsed or substituted states, derived
  values, each with a JSON pointer into the conversion's *input* payload;
- the guarantee: output is valid against the target schema, or ConversionError says why.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from types import ModuleType
from typing import Any

from jobstatus._convert_context import Context
from jobstatus._errors import ConversionError, LossyConversionError, ValidationError
from jobstatus._formats import spec
from jobstatus._generated.registry import CONVERTERS, MODELS
from jobstatus._json import JSONInput, load, pointer_join
from jobstatus._loss import Loss, LossKind
from jobstatus._parse import check_model_depth, resolve_format, resolve_format_and_validity
from jobstatus._validate import iter_violations, relevance
from jobstatus._wire import WireModel

__all__ = ["Conversion", "convert", "from_canonical", "to_canonical", "to_canonical_values"]

HUB = "canonical"
_NO_VALUE = object()


@dataclass(frozen=True, slots=True)
class Conversion:
    """The result of a conversion: the wire payload and the honest account of what it lost."""

    payload: Any
    """The converted payload as JSON-ready Python values."""
    losses: tuple[Loss, ...]
    source: str
    target: str

    @property
    def lossless(self) -> bool:
        return not self.losses

    def report(self) -> list[dict[str, Any]]:
        """The loss report as JSON-ready dicts, stable enough to diff in CI."""
        return [loss.as_dict() for loss in self.losses]


@dataclass(slots=True)
class _Hubs:
    """The canonical records of one payload, and where each came from in it."""

    records: list[dict[str, Any]]
    prefixes: list[str]
    """JSON pointer of each job inside the payload."""
    format: str
    list_shape: bool
    losses: list[Loss]
    envelope: dict[str, Any] | None = None
    """Siblings of the jobs in their wrapper, kept here too so that an empty list keeps them."""
    shape: str | None = None


@functools.cache
def _key_pointer(key: str) -> str:
    return pointer_join("", key)


def _split_jobs(value: Any, format_id: str) -> tuple[str, list[tuple[Any, str]],
                                                    dict[str, Any]]:
    """The wire shape of *value*, its jobs with their JSON pointers, and the envelope."""
    shape = spec(format_id).shape_of(value)
    key = shape.key
    if key is None:
        return shape.name, [(value, "")], {}
    # Usually the wrapper key stands alone: no envelope to copy.
    envelope = {k: v for k, v in value.items() if k != key} if len(value) > 1 else {}
    inner = value[key]
    base = _key_pointer(key)
    if shape.name == "list":
        return shape.name, [(job, f"{base}/{i}") for i, job in enumerate(inner)], envelope
    return shape.name, [(inner, base)], envelope


def _check_input(value: Any, format_id: str) -> None:
    """Validate, tolerating only an undocumented state value (drift, reported by _hubs)."""
    format_spec = spec(format_id)
    if format_spec.validator.is_valid(value):  # the common case: no error objects at all
        return
    fatal = [
        violation for violation in iter_violations(value, format_id)
        if not format_spec.is_state_drift(violation.pointer.rsplit("/", 1)[-1], violation.keyword)
    ]
    if fatal:
        raise ValidationError(format_id, sorted(fatal, key=relevance))


def _hubs(value: Any, format_id: str) -> _Hubs:
    """Every job in a validated *value* as canonical dicts (drift noted in the losses)."""
    if format_id == HUB:
        return _Hubs([value], [""], HUB, False, [])
    module = CONVERTERS[format_id]
    shape, jobs, envelope = _split_jobs(value, format_id)
    hubs = _Hubs([], [], format_id, shape == "list", [], envelope, shape)
    for job, prefix in jobs:
        source: dict[str, Any] = {"format": format_id, "shape": shape}
        hub = module.job_to_canonical(job, source)
        token = source.get("state")
        state = module.STATE_TO_CANONICAL.get(token) if token is not None else None
        hub["state"] = state or "unknown"
        if token is None:
            hubs.losses.append(Loss(LossKind.DEFAULTED, pointer_join(prefix, module.STATE_FIELD),
                                    None, f"no {module.STATE_FIELD} was sent; the hub records "
                                    "unknown"))
        elif state is None:
            hubs.losses.append(Loss(LossKind.DRIFT, pointer_join(prefix, module.STATE_FIELD), token,
                                    f"{token!r} is not a documented {format_id} "
                                    f"{module.STATE_FIELD}; carried as unknown"))
        if envelope:
            source["envelope"] = envelope
        hub["source"] = source
        hubs.records.append(hub)
        hubs.prefixes.append(prefix)
    return hubs


def to_canonical_values(value: Any, format_id: str) -> list[dict[str, Any]]:
    """Lenient: the canonical dicts of every job in a decoded payload (for the linter)."""
    _check_input(value, format_id)
    return _hubs(value, format_id).records


def _locator(origin: _Hubs, index: int) -> Callable[[str], str]:
    """Maps a canonical path of record *index* to a pointer into the original payload."""
    prefix = origin.prefixes[index]
    if origin.format == HUB:
        return lambda path: prefix + path
    wire: dict[str, str] = CONVERTERS[origin.format].WIRE_POINTERS

    def locate(path: str) -> str:
        if path.startswith("/source/extra/"):
            return prefix + path[len("/source/extra"):]
        if path.startswith("/source/envelope/"):
            return path[len("/source/envelope"):]
        return prefix + wire.get(path, path)

    return locate


def _leaf_paths(hub: Mapping[str, Any]) -> list[str]:
    """Canonical paths present in *hub*: top-level fields and the fields of progress/links."""
    present = []
    for key, value in hub.items():
        if key in _NESTED and isinstance(value, dict):
            present += [f"/{key}/{child}" for child in value]
        elif key not in _NOT_LEAVES:
            present.append(f"/{key}")
    return present


_NESTED = frozenset({"progress", "links"})
_NOT_LEAVES = frozenset({"state", "source"})


def _job_from_hub(hub: dict[str, Any], module: ModuleType, target: str,
                  locate: Callable[[str], str]) -> tuple[dict[str, Any], list[Loss]]:
    ctx = Context(hub, target, locate)
    out: dict[str, Any] = module.job_from_canonical(ctx)
    source = ctx.source
    origin = source.get("format")
    same = origin == target
    field = module.STATE_FIELD
    token = source.get("state")
    if same and module.STATE_TO_CANONICAL.get(token, "unknown") == hub["state"]:
        # Rule 0: the raw token, even an undocumented one (it read as unknown), or no state at
        # all when none was sent. A hub whose state was changed since gets the table's value.
        if "state" in source:
            out[field] = token
    else:
        value, kind, reason = module.STATE_FROM_CANONICAL[hub["state"]]
        out[field] = value
        if kind is not None:
            ctx.loss(LossKind(kind), "/state", hub["state"], reason)
    extra = source.get("extra", {})
    if same:
        for key, value in extra.items():
            out.setdefault(key, value)
    else:
        reasons = CONVERTERS[origin].DROPPED if origin in CONVERTERS else {}
        for key, value in extra.items():
            ctx.loss(LossKind.DROPPED, pointer_join("/source/extra", key), value,
                     reasons.get(key, f"not part of the {target} model"))
    for path in _leaf_paths(hub):
        if path in module.NOT_CARRIED and path not in ctx.consumed:
            ctx.loss(LossKind.DROPPED, path, ctx.get(path), module.NOT_CARRIED[path])
    missing = [name for name in module.REQUIRED if name not in out]
    if missing or ctx.unmappable_fields:
        # A field that could not be mapped explains itself; name the others as missing.
        explained = {module.WIRE_POINTERS.get(path, path)[1:] for path, _ in ctx.unmappable_fields}
        problems = [reason for _, reason in ctx.unmappable_fields]
        problems += [f"{target} requires {name!r}, which the {origin or HUB} record cannot supply"
                     for name in missing if name not in explained]
        pointer = locate(ctx.unmappable_fields[0][0]) if ctx.unmappable_fields else ""
        raise ConversionError("; ".join(problems), pointer=pointer, losses=ctx.losses)
    return out, ctx.losses


def _from_hubs(origin: _Hubs, target: str) -> tuple[Any, list[Loss]]:
    losses = list(origin.losses)
    if origin.format == target:
        # Back to the format it came from: rule 0 sends no state where none was sent, so
        # nothing the hub defaulted reaches the output.
        losses = [loss for loss in losses if loss.kind is not LossKind.DEFAULTED]
    if target == HUB:
        records = origin.records
        if not records and origin.envelope:  # an empty list: no record to keep them in
            losses += [Loss(LossKind.DROPPED, _key_pointer(key), value,
                            "the hub keeps a list's envelope in its records; this list has none")
                       for key, value in origin.envelope.items()]
        return (records if origin.list_shape else records[0]), losses
    module = CONVERTERS[target]
    jobs = []
    for index, hub in enumerate(origin.records):
        job, job_losses = _job_from_hub(hub, module, target, _locator(origin, index))
        jobs.append(job)
        losses += job_losses
        if origin.format == HUB and _drift_sent_back(hub, module, target):
            token = hub["source"]["state"]
            losses.append(Loss(LossKind.DRIFT, origin.prefixes[index] + "/source/state", token,
                               f"{token!r} is not a documented {target} {module.STATE_FIELD}; "
                               "sent back as it came"))
    payload = _wrap(jobs, origin, module, target, losses)
    # An undocumented state token sent back to its own format (rule 0) is the input's drift,
    # in the report; anything else invalid is a conversion failure.
    try:
        _check_output(payload, target, allow_drift=any(x.kind is LossKind.DRIFT for x in losses))
    except ConversionError as exc:  # its pointer is into the output: say where in the input
        raise ConversionError(str(exc), pointer=_input_pointer(exc.pointer, payload, origin,
                                                               module), losses=losses) from None
    return payload, losses


def _input_pointer(at: str, payload: Any, origin: _Hubs, module: ModuleType) -> str:
    """The input's pointer for the pointer *at* into a converted *payload*: through the
    target's wire field back to the canonical field, and to where the input had it ("" when
    the field has no source, such as a wrapper)."""
    index, inner = 0, at
    tokens = at.split("/")
    if isinstance(payload, list):  # one job per element
        index, inner = int(tokens[1]), "/" + "/".join(tokens[2:]) if len(tokens) > 2 else ""
    elif isinstance(payload, dict) and len(tokens) > 1:
        keys = {key for _, key in module.SHAPES if key is not None}
        if tokens[1] in keys:  # inside the wrapper
            parts = tokens[2:]
            if parts and parts[0].isdigit() and isinstance(payload.get(tokens[1]), list):
                index, parts = int(parts[0]), parts[1:]
            inner = "/" + "/".join(parts) if parts else ""
    wire: dict[str, str] = module.WIRE_POINTERS
    locate = _locator(origin, index)
    if inner:
        # A field the record's own extras gave back (rule 0), where no mapped field did.
        token = inner.split("/")[1]
        key = token.replace("~1", "/").replace("~0", "~")
        record = origin.records[index] if index < len(origin.records) else {}
        extra = (record.get("source") or {}).get("extra") or {}
        mapped = next((c for c, p in wire.items() if p == "/" + token), None)
        if key in extra and (mapped is None or not _has(record, mapped)):
            return locate("/source/extra/" + token) + inner[len(token) + 1:]
    for canonical, pointer in wire.items():
        if inner == pointer or inner.startswith(pointer + "/"):
            return locate(canonical) + inner[len(pointer):]
    return ""


def _has(record: Mapping[str, Any], path: str) -> bool:
    """Whether the canonical *record* holds the field at *path* (``/progress/total``)."""
    value: Any = record
    for name in path.split("/")[1:]:
        if not isinstance(value, Mapping) or name not in value:
            return False
        value = value[name]
    return True


def _drift_sent_back(hub: Mapping[str, Any], module: ModuleType, target: str) -> bool:
    """Whether rule 0 sends a canonical record's undocumented raw state token back to
    *target*, its own format (see ``_job_from_hub``)."""
    source = hub.get("source") or {}
    token = source.get("state")
    return (source.get("format") == target and "state" in source and hub["state"] == "unknown"
            and module.STATE_TO_CANONICAL.get(token) is None)


def _wrap(jobs: list[dict[str, Any]], origin: _Hubs, module: ModuleType, target: str,
          losses: list[Loss]) -> Any:
    """Put the jobs in the target's wire shape: the original one when converting back to the
    format they came from, else the target's first (most common) shape."""
    shapes: dict[str, str | None] = dict(module.SHAPES)
    came_from: str | None
    shape: str | None
    if origin.format != HUB:
        came_from, shape, envelope = origin.format, origin.shape, origin.envelope or {}
    else:
        first = origin.records[0].get("source", {}) if origin.records else {}
        came_from, shape = first.get("format"), first.get("shape")
        envelope = first.get("envelope", {})
        # One payload has one envelope: the first record's. Another record's own is lost.
        for index, record in enumerate(origin.records[1:], start=1):
            own = (record.get("source") or {}).get("envelope") or {}
            base = origin.prefixes[index] + "/source/envelope"
            losses += [Loss(LossKind.DROPPED, pointer_join(base, key), value,
                            "the payload's envelope is the first record's")
                       for key, value in own.items() if envelope.get(key, _NO_VALUE) != value]
    same = came_from == target
    if not same:
        base = ""
        if origin.format == HUB and envelope:
            base = origin.prefixes[0] + "/source/envelope"
        for key, value in envelope.items():
            losses.append(Loss(LossKind.DROPPED, pointer_join(base, key), value,
                               f"{target} has no place for this envelope field"))
        envelope, shape = {}, None
    if origin.list_shape:
        if "list" in shapes:
            return {shapes["list"]: jobs, **envelope}
        return [_wrap_one(job, module.SHAPES[0][0], shapes) for job in jobs]
    if shape is None or shape not in shapes:
        shape = module.SHAPES[0][0]
    if envelope and shapes.get(str(shape)) is None:  # a bare object has no envelope
        base = origin.prefixes[0] + "/source/envelope" if origin.format == HUB else ""
        losses += [Loss(LossKind.DROPPED, pointer_join(base, key), value,
                        f"a bare {target} object has no place for this envelope field")
                   for key, value in envelope.items()]
    return _wrap_one(jobs[0], str(shape), shapes, envelope)


def _wrap_one(job: dict[str, Any], shape: str, shapes: Mapping[str, str | None],
              envelope: Mapping[str, Any] | None = None) -> Any:
    key = shapes.get(shape)
    if key is None:
        return job
    return {key: job, **(envelope or {})}


def _check_output(payload: Any, target: str, allow_drift: bool) -> None:
    format_spec = spec(target)
    # A list-wrapper input becomes a JSON array when the target has no list shape.
    for index, item in enumerate(payload if isinstance(payload, list) else [payload]):
        errors = sorted(
            (v for v in iter_violations(item, target)
             if not (allow_drift and format_spec.is_state_drift(v.pointer.rsplit("/", 1)[-1],
                                                                 v.keyword))),
            key=relevance,
        )
        if errors:
            first = errors[0]
            at = f"/{index}{first.pointer}" if isinstance(payload, list) else first.pointer
            raise ConversionError(f"the {target} payload would be invalid: {at or '/'}: "
                                  f"{first.message}", pointer=at)


def _strictly(losses: list[Loss], strict: bool) -> tuple[Loss, ...]:
    if strict and losses:
        raise LossyConversionError(losses)
    return tuple(losses)


def convert(payload: JSONInput, to: str, source: str | None = None,
            strict: bool = False) -> Conversion:
    """Convert *payload* (format *source*, detected when None) to format *to*.

    Raises ValidationError for an invalid input, ConversionError when *to* needs something the
    input cannot supply, and LossyConversionError under ``strict=True`` for any loss at all.
    """
    value = load(payload)
    format_id, valid = resolve_format_and_validity(value, source, "source")
    if to != HUB and to not in CONVERTERS:
        spec(to)  # raises UnknownFormatError, naming the formats there are
    # Strict mode judges the whole route, so that the refusal lists every loss at once.
    origin = _hubs(value, format_id) if valid else _hubs_checked(value, format_id, strict=False)
    converted, losses = _from_hubs(origin, to)
    return Conversion(converted, _strictly(losses, strict), format_id, to)


def _hubs_checked(value: Any, format_id: str, strict: bool) -> _Hubs:
    if format_id == HUB and isinstance(value, list):
        # A canonical array is the hub's form of a list wrapper (see to_canonical).
        for record in value:
            _check_input(record, HUB)
        return _Hubs(value, [f"/{i}" for i in range(len(value))], HUB, True, [])
    _check_input(value, format_id)
    hubs = _hubs(value, format_id)
    if strict and hubs.losses:
        raise LossyConversionError(hubs.losses)
    return hubs


def to_canonical(payload: JSONInput, format: str | None = None, *,
                 strict: bool = False) -> Any:
    """The canonical model of *payload*: one JobStatus, or a list for a list-wrapper payload.

    Lenient by default: an undocumented state value becomes ``unknown`` with the raw token kept
    in ``source.state``; ``strict=True`` refuses it with LossyConversionError.
    """
    value = load(payload)
    format_id = resolve_format(value, format)
    origin = _hubs_checked(value, format_id, strict)
    check_model_depth(value)
    model = MODELS[HUB]["object"]
    records = [model.model_validate(record) for record in origin.records]
    return records if origin.list_shape else records[0]


def from_canonical(model: WireModel | Mapping[str, Any] | Sequence[Any], format: str, *,
                   strict: bool = False) -> Conversion:
    """Convert canonical record(s) (models or JSON dicts) to *format*, with the loss report."""
    many = isinstance(model, Sequence) and not isinstance(model, str | bytes)
    items = model if many else [model]
    records = [item.model_dump(mode="json") if isinstance(item, WireModel) else load(item)
               for item in items]
    for record in records:
        _check_input(record, HUB)
    origin = _Hubs(records, [f"/{i}" if many else "" for i in range(len(records))], HUB, many, [])
    converted, losses = _from_hubs(origin, format)
    return Conversion(converted, _strictly(losses, strict), HUB, format)
