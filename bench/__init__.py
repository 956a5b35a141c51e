"""Benchmarks: `make bench` (or `python -m bench`) runs them and writes docs/benchmarks.md."""
