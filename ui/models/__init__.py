"""Thin QAbstractTableModel adapters over service results."""
