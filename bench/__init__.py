"""Benchmarks: `python -m bench.run` (`make bench`) measures ingest, retrieval, generation and start-up.

`run` is the entry point (its flags, the order of the sections); one module per section (`ingest`, `peer`,
`refresh`, `generation`, `startup`, `retrieval`, `answers`, `crowd`, `eval_suite`); `context` holds the
run's options and what sections share, `rows` a figure beside its target, `pairs` the interleaved rounds,
`process` a measured fresh process, `common` the bench corpus and index, and `report` the table, written
to `bench/results/latest.json`, BENCHMARKS.md and the README.
"""
