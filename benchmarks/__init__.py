"""Benchmarks: a seeded corpus generator (``corpus``) and the stage timer (``run``)."""
