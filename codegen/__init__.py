"""The jobstatus codegen step: schemas/*.schema.json -> typed models, converters and registry.

Run ``python -m codegen`` to regenerate, ``python -m codegen --check`` to fail on drift.
"""
