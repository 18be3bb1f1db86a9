"""Benchmarks, run by `make bench` (`python -m bench`); figures are printed, never asserted.

See docs/performance.md for what each one measures and the figures this machine printed.
"""
