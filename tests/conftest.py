"""Shared test set-up: Hypothesis profiles, and where the checkout's files are.

Profiles (Hypothesis' own convention): ``ci`` is derandomised so that a red CI run is
reproducible, with enough examples to mean something; ``dev`` is quick for local loops.
CI=true (set by CI and by the fresh-clone check) selects ``ci``; HYPOTHESIS_PROFILE overrides.
"""

from __future__ import annotations

import os
from pathlib import Path

from hypothesis import HealthCheck, settings

ROOT = Path(__file__).resolve().parent.parent
SCHEMAS = ROOT / "schemas"

settings.register_profile(
    "ci",
    derandomize=True,
    max_examples=1000,
    deadline=None,
    database=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("dev", max_examples=150, deadline=None)
settings.load_profile(
    os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "dev")
)
