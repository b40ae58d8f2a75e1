"""What the poll-sequence checks see of a payload: one :class:`Obs` per job in it.

There are two routes to the same facts. The reference route is the translation engine
(:func:`canonical_jobs`: validate, then convert to canonical dicts); it is taken when the
caller does not know whether the payload is valid. When the pipeline has just validated the
payload (the linter's hot path), the facts are read straight from the job objects by a small
reader compiled per format from the mapping in its schema (``x-jobstatus``: which wire field
carries the id, the state, the progress, the timestamps), the same mapping the generated
converters are made from. All the transforms involved are the identity on the way to the hub
(integer ids aside, made strings), so the readers give what the converter gives; a test holds
the two routes equal. A format whose mapping uses another transform takes the converter route.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from typing import Any, NamedTuple

from jobstatus._errors import JobStatusError
from jobstatus._formats import spec
from jobstatus._json import pointer_join
from jobstatus._lint._facts import from_text
from jobstatus._lint._model import Record

__all__ = ["HUB", "Obs", "Where", "canonical_jobs", "fact_keys", "observations"]

HUB = "canonical"

Where = tuple[str, int | None, int | None, str]
"""Where an observation was read: file, line, entry, context (as in a Finding)."""


class Obs(NamedTuple):
    """What the rules need of one job in one record. Timestamps stay RFC 3339 text here: the
    checks parse them only when they must compare instants."""

    format: str
    id: Any
    """The canonical id (a string); anything else means the job has none."""
    state: str
    done: int | None
    total: int | None
    percent: float | None
    created: str | None
    started: str | None
    finished: str | None
    updated: str | None
    where: Where
    prefix: str
    """JSON pointer of the job inside the payload (``/job_statuses/3`` in a list wrapper)."""


_new = tuple.__new__  # builds an Obs from a tuple without NamedTuple's Python-level __new__


def _number(value: Any) -> Any:
    return value if isinstance(value, int | float) and not isinstance(value, bool) else None


# --- the reference route: the translation engine ----------------------------------------


def canonical_jobs(value: Any, format_id: str) -> list[tuple[str, dict[str, Any]]]:
    """Each job of a decoded payload as (JSON pointer of the job, canonical dict).

    Raises JobStatusError for a payload that is not valid as *format_id*; an undocumented
    state value is no error here (the hub reads it as ``unknown``).
    """
    from jobstatus._convert import to_canonical_values  # noqa: PLC0415 - keeps imports light

    return list(zip(_prefixes(value, format_id), to_canonical_values(value, format_id),
                    strict=False))


def _prefixes(value: Any, format_id: str) -> list[str]:
    """JSON pointer of each job in a payload, in the order the converter lists them."""
    shape = spec(format_id).shape_of(value)
    if shape.key is None:
        return [""]
    if shape.name == "list":
        return [f"/{shape.key}/{index}" for index in range(len(value[shape.key]))]
    return [f"/{shape.key}"]


def _from_hub(format_id: str, prefix: str, hub: dict[str, Any], where: Where) -> Obs:
    progress = hub.get("progress") or {}
    percent, done, total = from_text(progress.get("text"), _number(progress.get("percent")),
                                     _number(progress.get("done")),
                                     _number(progress.get("total")))
    if progress.get("supported") is False:
        percent = None  # see _UNSUPPORTED
    return _new(Obs, (format_id, hub.get("id"), hub.get("state", "unknown"), done, total,
                      percent, hub.get("created_at"), hub.get("started_at"),
                      hub.get("finished_at"), hub.get("updated_at"), where, prefix))


# --- the fast route: readers compiled from the schema's mapping --------------------------

_FACT_OF = {"id": "id", "progress.percent": "percent", "progress.done": "done",
            "progress.total": "total", "progress.text": "text", "created_at": "created",
            "started_at": "started", "finished_at": "finished", "updated_at": "updated",
            "progress.supported": "supported"}
# _UNSUPPORTED: a job whose progress is marked unsupported (the hub's ``progress.supported``,
# Julep's ``has_progress``) has no percentage, whatever number stands beside it: Julep's
# reference server sends ``has_progress: false`` with ``progress: 0.0`` as a placeholder,
# which read as a percentage would have gone down from any real one.
# Transforms whose forward direction is the identity (or, for integer_id, str(int)).
_PLAIN = frozenset({None, "string_id", "integer_id", "percent", "count_done", "count_total",
                    "progress_text"})

Reader = Callable[[Any, Where], list[Obs]]


@functools.cache
def reader(format_id: str) -> Reader | None:
    """The compiled reader of a *valid* payload of *format_id*, or None (converter route).

    Generated source rather than a loop over a table: this runs once per JSONL line, and a
    straight-line function with the keys as constants costs a fraction of the generic walk.
    """
    compiled = _compile(format_id, None)
    return None if compiled is None else compiled["read"]


def struct_reader(format_id: str, attrs: Mapping[str, str]
                  ) -> Callable[[Any, Where, str], Obs] | None:
    """The reader of a job decoded by the fast path (a msgspec Struct whose attribute
    *attrs* maps each wire key to): ``job(item, where, prefix)`` gives its Obs, as
    :func:`reader` does for the same job as a dict. None when the format takes the converter
    route."""
    compiled = _compile(format_id, attrs)
    return None if compiled is None else compiled["job"]


def fact_keys(format_id: str) -> tuple[dict[str, str], bool] | None:
    """Fact (``id state percent done total text created started finished updated``) -> the
    wire key carrying it in a job of *format_id*, and whether the id is an integer made a
    string; None when the mapping uses a transform the readers do not know (converter
    route). The hub's progress facts are nested and not listed."""
    annotation = spec(format_id).schema.get("x-jobstatus", {})
    if format_id == HUB:
        keys = {fact: path for path, fact in _FACT_OF.items() if "." not in path}
        keys["state"] = "state"
        return keys, False
    if "state" not in annotation:
        return None
    keys = {"state": annotation["state"]["field"]}
    integer_id = False
    for key, mapping in annotation.get("fields", {}).items():
        fact = _FACT_OF.get(mapping.get("canonical", ""))
        if fact is None:
            continue
        if mapping.get("transform") not in _PLAIN:
            return None
        keys[fact] = key
        integer_id = integer_id or (fact == "id" and mapping.get("transform") == "integer_id")
    return keys, integer_id


def _compile(format_id: str, attrs: Mapping[str, str] | None) -> dict[str, Any] | None:
    found = fact_keys(format_id)
    if found is None or (format_id == HUB and attrs is not None):
        return None
    keys, integer_id = found
    format_spec = spec(format_id)
    nested = format_id == HUB
    if attrs is not None and not set(keys.values()) <= set(attrs):
        return None

    def get(fact: str) -> str:  # the expression that reads a fact in the generated source
        if fact not in keys:
            return "None"
        if attrs is not None:
            return f"item.{attrs[keys[fact]]}"
        return f"get({keys[fact]!r})"

    job_id = f"_int_id({get('id')})" if integer_id else get("id")
    facts = ["    get = item.get"] if attrs is None else []
    if nested:  # the hub keeps progress in an object of its own
        facts += ["    pget = (get('progress') or {}).get",
                  "    percent, done, total = from_text(pget('text'), pget('percent'), "
                  "pget('done'), pget('total'))",
                  "    percent = None if pget('supported') is False else percent",
                  "    state = get('state')",
                  "    state = state if type(state) is str else 'unknown'"]
    else:
        facts += [f"    percent, done, total = {get('percent')}, {get('done')}, {get('total')}"]
        if "text" in keys:
            facts += [f"    percent, done, total = from_text({get('text')}, percent, done, "
                      "total)"]
        if "supported" in keys:
            facts += [f"    percent = None if {get('supported')} is False else percent"]
        facts += [f"    state = {get('state')}",
                  "    state = STATES.get(state, 'unknown') if type(state) is str else 'unknown'"]
    lines = ["def job(item, where, prefix):", *facts,
             f"    return _new(Obs, ({format_id!r}, {job_id}, state, done, total, percent, "
             f"{get('created')}, {get('started')}, {get('finished')}, {get('updated')}, "
             "where, prefix))",
             ""]
    if attrs is None:
        lines.append("def read(value, where):")
        for shape in format_spec.shapes:
            if shape.key is None:
                continue
            base = pointer_join("", shape.key)
            lines.append(f"    if {shape.key!r} in value:")
            if shape.name == "list":
                lines.append(f"        return [job(item, where, {base + '/'!r} + str(index)) "
                             f"for index, item in enumerate(value[{shape.key!r}])]")
            else:
                lines.append(f"        return [job(value[{shape.key!r}], where, {base!r})]")
        lines.append("    return [job(value, where, '')]")
    source = "\n".join(lines) + "\n"
    namespace: dict[str, Any] = {
        "_new": _new, "Obs": Obs, "from_text": from_text, "_int_id": _int_id,
        "STATES": states(format_id),
    }
    kind = "sequence reader" if attrs is None else "fast-path sequence reader"
    exec(compile(source, f"<jobstatus {kind}: {format_id}>", "exec"), namespace)
    return namespace


def states(format_id: str) -> dict[str, str]:
    """Wire state value -> canonical state, from the format's mapping."""
    annotation = spec(format_id).schema.get("x-jobstatus", {})
    return dict(annotation.get("state", {}).get("to_canonical", {}))


_ALL_FACTS = frozenset({"done", "total", "percent", "created", "started", "finished", "updated"})


@functools.cache
def carried(format_id: str) -> frozenset[str]:
    """The facts an Obs of *format_id* can carry (numbers and timestamps): the mapped ones,
    and the percentage and counts that progress text may spell; all for the hub, and for a
    format read through the converter."""
    found = fact_keys(format_id)
    if format_id == HUB or found is None:
        return _ALL_FACTS
    facts = set(found[0])
    if "text" in facts:
        facts |= {"percent", "done", "total"}
    return frozenset(facts & _ALL_FACTS)


def _int_id(value: Any) -> str | None:
    return None if value is None else str(int(value))


def observations(record: Record, format_id: str, value: Any, valid: bool | None = None
                 ) -> list[Obs] | None:
    """The observation of every job in one payload (jobs without an id included), or None
    when the payload is not valid as *format_id* (an undocumented state value aside).

    *valid* is whether the caller found the payload valid; None validates it here.
    """
    if valid is False:
        return None
    where = (record.file, record.line, record.entry, record.context)
    if valid:
        read = reader(format_id)
        if read is not None:
            return read(value, where)
    try:
        return [_from_hub(format_id, prefix, hub, where)
                for prefix, hub in canonical_jobs(value, format_id)]
    except JobStatusError:
        return None
