"""The one exception hierarchy of jobstatus, and the error objects it carries.

Everything the library raises on purpose derives from :class:`JobStatusError`, so callers can
catch one class. Violations mirror python-jsonschema's error objects: where in the payload
(a JSON pointer), what is wrong, and which schema keyword said so.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from jobstatus._loss import Loss

__all__ = [
    "ConversionError",
    "DecodeError",
    "JobStatusError",
    "LossyConversionError",
    "UnknownFormatError",
    "ValidationError",
    "Violation",
]


@dataclass(frozen=True, slots=True)
class Violation:
    """One way in which a payload breaks its format's JSON Schema."""

    pointer: str
    """JSON pointer (RFC 6901) to the offending value; ``""`` is the payload itself."""
    message: str
    keyword: str
    """The schema keyword that failed, e.g. ``"enum"`` or ``"required"``."""
    schema_path: str
    """JSON pointer into the format's schema."""

    def __str__(self) -> str:
        return f"{self.pointer or '/'}: {self.message}"


class JobStatusError(Exception):
    """Root of every error jobstatus raises."""


class DecodeError(JobStatusError, ValueError):
    """The input is not a JSON document jobstatus can read (syntax, encoding, range, depth)."""

    def __init__(self, message: str, *, line: int | None = None, column: int | None = None):
        where = f" (line {line}, column {column})" if line is not None else ""
        super().__init__(f"{message}{where}")
        self.reason = message
        self.line = line
        self.column = column

    def __reduce__(self) -> tuple[Any, ...]:  # see ValidationError.__reduce__
        return _rebuild_decode, (type(self), self.reason, self.line, self.column), self.__dict__


class UnknownFormatError(JobStatusError, ValueError):
    """A format id that does not exist, or a payload whose format cannot be detected."""


class ValidationError(JobStatusError, ValueError):
    """A payload that its format's schema rejects. Carries every violation, best first."""

    def __init__(self, format: str, errors: Sequence[Violation]):
        self.format = format
        self.errors: tuple[Violation, ...] = tuple(errors)
        more = f" (and {len(self.errors) - 1} more)" if len(self.errors) > 1 else ""
        super().__init__(f"not a valid {format} payload: {self.errors[0]}{more}")

    def __reduce__(self) -> tuple[Any, ...]:
        # Pickled as its arguments (an exception pickles its message alone by default, which
        # this __init__ does not take), and its attributes (notes among them): so it crosses
        # to another process (multiprocessing) whole.
        return type(self), (self.format, self.errors), self.__dict__


class ConversionError(JobStatusError, ValueError):
    """A conversion that cannot produce a valid payload of the target format."""

    def __init__(self, message: str, *, pointer: str = "", losses: Sequence[Loss] = ()):
        super().__init__(message)
        self.pointer = pointer
        self.losses: tuple[Loss, ...] = tuple(losses)
        """What the conversion would also have lost, had it been possible."""

    def __reduce__(self) -> tuple[Any, ...]:  # see ValidationError.__reduce__
        return _rebuild, (type(self), str(self), self.pointer, self.losses), self.__dict__


class LossyConversionError(ConversionError):
    """A strict conversion refused because it would lose or invent information."""

    def __init__(self, losses: Sequence[Loss]):
        lines = "; ".join(str(loss) for loss in losses)
        super().__init__(f"conversion would lose information: {lines}",
                         pointer=losses[0].pointer, losses=losses)


def _rebuild(kind: type[ConversionError], message: str, pointer: str,
             losses: tuple[Loss, ...]) -> ConversionError:
    """A ConversionError (or subclass) from its pickled state."""
    error = ConversionError.__new__(kind)
    ConversionError.__init__(error, message, pointer=pointer, losses=losses)
    return error


def _rebuild_decode(kind: type[DecodeError], reason: str, line: int | None,
                    column: int | None) -> DecodeError:
    """A DecodeError (or subclass) from its pickled state."""
    error = DecodeError.__new__(kind)
    DecodeError.__init__(error, reason, line=line, column=column)
    return error
