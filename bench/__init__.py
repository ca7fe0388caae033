"""Benchmarks: `python -m bench.run` (`make bench`) measures ingest, retrieval, generation and start-up."""
