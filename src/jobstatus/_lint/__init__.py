"""The payload linter, in layers: readers yield records, checks turn records into findings,
reporters write findings. The CLI only wires options to these layers.

JSONL lines first meet the fast path (``_fast``: typed msgspec decoders made from the schemas,
trusted only when they accept; ``_hot``: the per-line loop and the sequence checks' quiet
update, compiled with mypyc when built so); whatever it does not settle takes the general
route, record by record (``_checks``, ``_sequence``). With ``--workers``, worker processes
do the per-line work of some byte ranges, the parent lints the others itself and runs the
sequence checks over all of them in file order (``_parallel``)."""
