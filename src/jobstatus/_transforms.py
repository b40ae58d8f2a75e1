"""The named, reusable transforms that mappings may use (``"transform": name`` in x-jobstatus).

Each is invertible: ``forward`` takes a wire value to its canonical value (recording provenance
in ``source`` where the hub alone could not restore it), ``backward`` takes the hub back to a
wire value. ``backward`` may *derive* a value from other hub fields (a percentage from task
counts); every such derivation is written to the loss report, and the hub fields it used are
marked consumed so they are not reported again as dropped.
"""

from __future__ import annotations

import re
from typing import Any, Final

from jobstatus._convert_context import ABSENT, Context
from jobstatus._json import INT_MAX, INT_MIN
from jobstatus._loss import LossKind

__all__ = ["TRANSFORMS", "parse_progress_text"]

_DECIMAL = re.compile(r"-?(0|[1-9][0-9]*)\Z")
_PERCENT_TEXT = re.compile(r"\s*(\d+(?:\.\d+)?)\s*%\s*\Z")
_COUNT_TEXT = re.compile(r"\s*(\d+)\s*(?:/|of)\s*(\d+)\s*\Z")


def parse_progress_text(text: str) -> tuple[str, float | int, int | None] | None:
    """Read ``45%``, ``3/10`` or ``3 of 10``; anything else (a bare ``40`` too) is ambiguous."""
    if match := _PERCENT_TEXT.match(text):
        number = float(match[1])
        return ("percent", int(number) if number.is_integer() else number, None)
    if match := _COUNT_TEXT.match(text):
        return ("counts", int(match[1]), int(match[2]))
    return None


def _percent_from_counts(done: Any, total: Any) -> float | int | None:
    if isinstance(done, int | float) and isinstance(total, int | float) and total > 0:
        percent = done * 100 / total
        return int(percent) if float(percent).is_integer() else round(percent, 6)
    return None


class Transform:
    """The identity: the wire value is the canonical value."""

    def forward(self, value: Any, source: dict[str, Any]) -> Any:
        return value

    def backward(self, ctx: Context, path: str) -> Any:
        return ctx.get(path)


class StringId(Transform):
    def forward(self, value: Any, source: dict[str, Any]) -> Any:
        source["id_type"] = "string"
        return value

    def backward(self, ctx: Context, path: str) -> Any:
        value = ctx.get(path)
        if value is not ABSENT and ctx.source.get("id_type", "string") != "string":
            ctx.loss(LossKind.COERCED, path, value, f"{ctx.target} ids are strings; "
                     f"the {ctx.source.get('format')} id was a JSON number")
        return value


class IntegerId(Transform):
    def forward(self, value: Any, source: dict[str, Any]) -> Any:
        # 2.0 is a JSON Schema integer; remember it was written as a float.
        source["id_type"] = "number" if isinstance(value, float) else "integer"
        return str(int(value))

    def backward(self, ctx: Context, path: str) -> Any:
        value = ctx.get(path)
        if value is ABSENT:
            return ABSENT
        if not isinstance(value, str) or not _DECIMAL.match(value):
            ctx.unmappable(path, value, f"{ctx.target} needs an integer id; {value!r} is not one")
            return ABSENT
        id_type = ctx.source.get("id_type", "string")
        number = int(value) if len(value) <= 400 else None  # (a float's are at most 309)
        if id_type == "number" and number is not None and _as_float(number) == number:
            return float(number)  # written as a float (2.0, 1e20): sent back as one
        if number is None or not INT_MIN <= number <= INT_MAX:
            ctx.unmappable(path, value, f"{ctx.target} needs an integer id within 64 bits, "
                                        "as jobstatus reads them; this one is outside")
            return ABSENT
        if id_type == "string":
            ctx.loss(LossKind.COERCED, path, value,
                     f"{ctx.target} ids are integers; the string id was read as a number")
        elif id_type == "number":
            ctx.loss(LossKind.COERCED, path, value, "the id was a JSON float, which cannot "
                     "hold it exactly; written as an integer")
        return number


def _as_float(number: int) -> float | None:
    """*number* as a float (maybe rounded), or None past a float's range."""
    try:
        return float(number)
    except OverflowError:
        return None


class NonNull(Transform):
    """A wire field that may not be null while the hub field may."""

    def backward(self, ctx: Context, path: str) -> Any:
        value = ctx.get(path)
        if value is None:
            ctx.loss(LossKind.DROPPED, path, None, f"{ctx.target} cannot carry a null here")
            return ABSENT
        return value


class ProgressText(Transform):
    """Panoptica's free-form progress text; rendered from a percentage or counts if needed."""

    def backward(self, ctx: Context, path: str) -> Any:
        text = ctx.get("/progress/text")
        if text is not ABSENT:
            return text
        percent = ctx.get("/progress/percent")
        if isinstance(percent, int | float):
            ctx.derived("/progress/percent", percent, f"{ctx.target} progress rendered as text")
            return f"{percent}%"
        done, total = ctx.get("/progress/done"), ctx.get("/progress/total")
        if isinstance(done, int | float) and isinstance(total, int | float):
            ctx.derived("/progress/done", done, f"{ctx.target} progress rendered as text")
            ctx.derived("/progress/total", total, f"{ctx.target} progress rendered as text")
            return f"{done}/{total}"
        return ABSENT


class Percent(Transform):
    """A percentage; derived from counts or from unambiguous text when the hub has none."""

    def backward(self, ctx: Context, path: str) -> Any:
        percent = ctx.get("/progress/percent")
        if percent is not ABSENT:
            return percent
        derived = _percent_from_counts(ctx.get("/progress/done"), ctx.get("/progress/total"))
        if derived is not None:
            for used in ("/progress/done", "/progress/total"):
                ctx.derived(used, ctx.get(used),
                            f"{ctx.target} percentage computed from the task counts")
            return derived
        text = ctx.get("/progress/text")
        parsed = parse_progress_text(text) if isinstance(text, str) else None
        if parsed is not None:
            kind, first, second = parsed
            value = first if kind == "percent" else _percent_from_counts(first, second)
            if value is not None:
                ctx.derived("/progress/text", text,
                            f"{ctx.target} percentage read from the progress text")
                return value
        return ABSENT


class Count(Transform):
    """Task counts (done or total); read from ``3/10`` text, never invented from a percentage."""

    def __init__(self, which: int) -> None:
        self.which = which

    def backward(self, ctx: Context, path: str) -> Any:
        value = ctx.get(path)
        if value is not ABSENT:
            return value
        text = ctx.get("/progress/text")
        parsed = parse_progress_text(text) if isinstance(text, str) else None
        if parsed is not None and parsed[0] == "counts":
            ctx.derived("/progress/text", text, f"{ctx.target} task counts read from the text")
            return parsed[1 + self.which]
        return ABSENT


TRANSFORMS: Final[dict[str, Transform]] = {
    "identity": Transform(),
    "string_id": StringId(),
    "integer_id": IntegerId(),
    "non_null": NonNull(),
    "progress_text": ProgressText(),
    "percent": Percent(),
    "count_done": Count(0),
    "count_total": Count(1),
}
