"""Thin table models over service results, all built on :mod:`ui.models.base`."""
