"""What the canonical hub derives rather than stores: the phase of a state and whether it is done.

Deriving keeps state and phase from ever disagreeing. The phases themselves are ``_phases``'s.
"""

from __future__ import annotations

from jobstatus._phases import PHASES, TERMINAL_STATES, Phase, phase_of
from jobstatus._wire import WireModel

__all__ = ["PHASES", "TERMINAL_STATES", "HubModel", "Phase", "phase_of"]


class HubModel(WireModel):
    """Base of the generated canonical model: adds the derived ``phase`` and ``done``."""

    @property
    def phase(self) -> Phase:
        return phase_of(str(getattr(self, "state", "unknown")))

    @property
    def done(self) -> bool:
        """True once the job reached a terminal state (succeeded, failed or cancelled)."""
        return str(getattr(self, "state", "unknown")) in TERMINAL_STATES
