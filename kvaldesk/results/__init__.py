"""The statistics: shares, intervals, breakdowns, comparisons. Pure and fast; no I/O."""
