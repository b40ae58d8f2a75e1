"""jobstatus: one model, exact validation and translation for vendor job-status payloads.

>>> import jobstatus
>>> jobstatus.detect({"background_job_status": {"id": 362785, "status": "failed"}})
'wistia'
"""

import importlib as _importlib
import typing as _typing

from jobstatus._detect import detect
from jobstatus._errors import (
    ConversionError,
    DecodeError,
    JobStatusError,
    LossyConversionError,
    UnknownFormatError,
    ValidationError,
    Violation,
)
from jobstatus._formats import FORMATS
from jobstatus._loss import Loss, LossKind
from jobstatus._phases import Phase
from jobstatus._validate import iter_errors, validate

if _typing.TYPE_CHECKING:
    from jobstatus._convert import Conversion, convert, from_canonical, to_canonical
    from jobstatus._parse import parse

# Imported on first use: these need the pydantic models, which take longer to import than
# everything else together, and which validation, detection and the linter never use (a
# ``jobstatus lint`` run, a pre-commit hook, starts that much sooner).
_LAZY = {"Conversion": "jobstatus._convert", "convert": "jobstatus._convert",
         "from_canonical": "jobstatus._convert", "to_canonical": "jobstatus._convert",
         "parse": "jobstatus._parse"}


def __getattr__(name: str) -> _typing.Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'jobstatus' has no attribute {name!r}")
    value = getattr(_importlib.import_module(module), name)
    globals()[name] = value  # looked up once
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY})


__all__ = [
    "FORMATS",
    "Conversion",
    "ConversionError",
    "DecodeError",
    "JobStatusError",
    "Loss",
    "LossKind",
    "LossyConversionError",
    "Phase",
    "UnknownFormatError",
    "ValidationError",
    "Violation",
    "convert",
    "detect",
    "from_canonical",
    "iter_errors",
    "parse",
    "to_canonical",
    "validate",
]
