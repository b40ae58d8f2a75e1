"""The payload linter, in layers: readers yield records, checks turn records into findings,
reporters write findings. The CLI only wires options to these layers."""
