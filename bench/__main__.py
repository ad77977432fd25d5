"""``python -m bench``: run the suite and write docs/benchmarks.md."""

from bench.suite import main

raise SystemExit(main())
