"""State of one canonical -> vendor conversion: the hub, the losses, what was consumed.

Generated converters and transforms talk to the hub only through this object, so that every
read can be followed by an honest account of what could not be carried.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Final

from jobstatus._loss import Loss, LossKind

__all__ = ["ABSENT", "Context"]


class _Absent:
    """A missing value, which is not the same thing as null."""

    _instance: _Absent | None = None

    def __new__(cls) -> _Absent:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "ABSENT"

    def __bool__(self) -> bool:
        return False


ABSENT: Final = _Absent()


class Context:
    def __init__(self, hub: dict[str, Any], target: str, locate: Callable[[str], str]) -> None:
        self.hub = hub
        self.target = target
        self.source: dict[str, Any] = hub.get("source") or {}
        self.locate = locate
        self.losses: list[Loss] = []
        self.consumed: set[str] = set()
        self.unmappable_fields: list[tuple[str, str]] = []

    def get(self, path: str) -> Any:
        """The hub value at a canonical path such as ``/progress/done``, or ABSENT."""
        # Canonical paths are one or two levels deep (/name, /progress/done): no general walk.
        head, _, tail = path[1:].partition("/")
        node = self.hub.get(head, ABSENT)
        if not tail:
            return node
        return node.get(tail, ABSENT) if isinstance(node, dict) else ABSENT

    def loss(self, kind: LossKind, path: str, value: Any, reason: str) -> None:
        self.consumed.add(path)
        self.losses.append(Loss(kind, self.locate(path), value, reason))

    def derived(self, path: str, value: Any, reason: str) -> None:
        self.loss(LossKind.COERCED, path, value, reason)

    def unmappable(self, path: str, value: Any, reason: str) -> None:
        self.unmappable_fields.append((path, reason))
        self.loss(LossKind.UNMAPPABLE, path, value, reason)
