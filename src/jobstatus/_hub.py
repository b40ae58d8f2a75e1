"""What the canonical hub derives rather than stores: the phase of a state and whether it is done.

Deriving keeps state and phase from ever disagreeing. ``unknown`` is non-terminal: for control
flow an unrecognised value means "still running" (ARM's rule), so pollers keep polling.
"""

from __future__ import annotations

from enum import StrEnum

from jobstatus._wire import WireModel

__all__ = ["PHASES", "TERMINAL_STATES", "HubModel", "Phase", "phase_of"]


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


class HubModel(WireModel):
    """Base of the generated canonical model: adds the derived ``phase`` and ``done``."""

    @property
    def phase(self) -> Phase:
        return phase_of(str(getattr(self, "state", "unknown")))

    @property
    def done(self) -> bool:
        """True once the job reached a terminal state (succeeded, failed or cancelled)."""
        return str(getattr(self, "state", "unknown")) in TERMINAL_STATES
