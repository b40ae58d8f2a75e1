"""The loss report: what a conversion could not carry, or had to make up, and why."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

__all__ = ["Loss", "LossKind"]


class LossKind(StrEnum):
    DROPPED = "dropped"
    """A value the target format has no place for."""
    DEFAULTED = "defaulted"
    """A value the target needs that the source did not have, filled by a declared default."""
    COLLAPSED = "collapsed"
    """Several source values map onto one target value (e.g. retrying -> active)."""
    COERCED = "coerced"
    """The same information in another type or representation (e.g. 45% from 9 of 20)."""
    UNMAPPABLE = "unmappable"
    """A value with no counterpart in the target, replaced by the declared fallback."""
    DRIFT = "drift"
    """A vendor value outside its documented enum, carried through as unknown."""


@dataclass(frozen=True, slots=True)
class Loss:
    kind: LossKind
    pointer: str
    """JSON pointer into the conversion's input payload."""
    value: Any
    reason: str

    def __str__(self) -> str:
        return f"{self.kind} {self.pointer or '/'}: {self.reason}"

    def as_dict(self) -> dict[str, Any]:
        return {"kind": str(self.kind), "pointer": self.pointer, "value": self.value,
                "reason": self.reason}
