"""Synthetic organizations of any size, in the data format, for benchmarks and tests."""
