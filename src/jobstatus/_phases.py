"""The phase of each canonical state, and which states are terminal.

A module of its own, free of pydantic: the linter's sequence checks read it too (see
``_hub`` for the hub model that derives its ``phase`` and ``done`` from it). ``unknown`` is
non-terminal: for control flow an unrecognised value means "still running" (ARM's rule), so
pollers keep polling.
"""

from __future__ import annotations

from enum import StrEnum

__all__ = ["PHASES", "TERMINAL_STATES", "Phase", "phase_of"]


class Phase(StrEnum):
    PENDING = "PENDING"
    ACTIVE = "ACTIVE"
    SUCCEEDED = "SUCCEEDED"
    FAILED = "FAILED"
    CANCELLED = "CANCELLED"
    UNKNOWN = "UNKNOWN"


PHASES: dict[str, Phase] = {
    "pending": Phase.PENDING,
    "running": Phase.ACTIVE,
    "retrying": Phase.ACTIVE,
    "succeeded": Phase.SUCCEEDED,
    "failed": Phase.FAILED,
    "cancelled": Phase.CANCELLED,
    "unknown": Phase.UNKNOWN,
}
TERMINAL_STATES = frozenset({"succeeded", "failed", "cancelled"})


def phase_of(state: str) -> Phase:
    return PHASES.get(state, Phase.UNKNOWN)
