"""Benchmarks: ``python -m benchmarks [NAME...]`` (or ``make bench``) runs every ``bench_*.py`` module."""
