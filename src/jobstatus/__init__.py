"""jobstatus: one model, exact validation and translation for vendor job-status payloads.

>>> import jobstatus
>>> jobstatus.detect({"background_job_status": {"id": 362785, "status": "failed"}})
'wistia'
"""

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
from jobstatus._parse import parse
from jobstatus._validate import iter_errors, validate

__all__ = [
    "FORMATS",
    "ConversionError",
    "DecodeError",
    "JobStatusError",
    "LossyConversionError",
    "Phase",
    "UnknownFormatError",
    "ValidationError",
    "Violation",
    "detect",
    "iter_errors",
    "parse",
    "validate",
]
