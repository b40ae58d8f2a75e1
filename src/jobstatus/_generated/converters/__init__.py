# GENERATED FILE - DO NOT EDIT.
# Source: schemas/ (sha256 -)
# Generator: datamodel-code-generator 0.89.0
# Rebuild: python -m codegen  (or: jobstatus codegen)
"""Vendor <-> canonical converters."""
