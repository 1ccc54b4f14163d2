"""Benchmarks (see README.md); run them with `make bench`."""
