"""JSON equality that Python's ``==`` is too lenient for: ``1 == 1.0 == True`` in Python."""

from __future__ import annotations

from typing import Any


def exact(a: Any, b: Any) -> bool:
    """Equal as JSON documents, with int vs float vs bool and key presence told apart."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(exact(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(exact(x, y) for x, y in zip(a, b, strict=True))
    return bool(a == b)
