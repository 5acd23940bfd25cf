"""Benchmark harness: a city-scale dataset generator and HTTP, live and memory benchmarks."""
