"""kvaldesk's benchmark suite: every figure beside a floor measured in the same run.

Run it with ``make bench`` or ``uv run --locked python -m bench [--quick]``; it writes
docs/benchmarks.md. Not part of the tests.
"""
