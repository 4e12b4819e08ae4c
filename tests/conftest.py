"""Root of the end-to-end tests and benchmarks."""
