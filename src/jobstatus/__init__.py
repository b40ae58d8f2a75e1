"""jobstatus: one model, exact validation and translation for vendor job-status payloads.

>>> import jobstatus
>>> jobstatus.detect({"background_job_status": {"id": 362785, "status": "failed"}})
'wistia'
"""

from jobstatus._convert import Conversion, convert, from_canonical, to_canonical
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
from jobstatus._hub import Phase
from jobstatus._loss import Loss, LossKind
from jobstatus._parse import parse
from jobstatus._validate import iter_errors, validate

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
