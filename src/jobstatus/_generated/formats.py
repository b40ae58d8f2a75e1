# GENERATED FILE - DO NOT EDIT.
# Source: schemas/*.schema.json (sha256 23de31e5094fdb23c1432389d937f26fa12f43bb1e4ca911253e4b16d4c30324)
# Generator: datamodel-code-generator 0.89.0
# Rebuild: python -m codegen  (or: jobstatus codegen)

"""Every format the schemas define (the hub last)."""

FORMATS: tuple[str, ...] = ('julep', 'panoptica', 'wistia', 'zendesk', 'canonical')
