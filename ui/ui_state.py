"""Window geometry and splitter positions, remembered with QSettings (nothing else)."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtWidgets import QMainWindow, QSplitter, QWidget

ORGANISATION = "kvaldesk"
APPLICATION = "kvaldesk"


def _settings() -> QSettings:
    return QSettings(ORGANISATION, APPLICATION)


def restore_window(window: QMainWindow) -> None:
    """Restore size, position and splitters saved by :func:`save_window`."""
    settings = _settings()
    geometry = settings.value("window/geometry")
    if isinstance(geometry, QByteArray) and not geometry.isEmpty():
        window.restoreGeometry(geometry)
    else:
        window.resize(1200, 780)
    state = settings.value("window/state")
    if isinstance(state, QByteArray):
        window.restoreState(state)
    restore_splitters(window)


def restore_splitters(widget: QWidget) -> None:
    """Restore the saved positions of the named splitters in ``widget`` (also for a view
    made after the window was restored)."""
    settings = _settings()
    for splitter in widget.findChildren(QSplitter):
        if splitter.objectName():
            value = settings.value(f"splitters/{splitter.objectName()}")
            if isinstance(value, QByteArray):
                splitter.restoreState(value)


def save_window(window: QMainWindow) -> None:
    """Save size, position and every named splitter."""
    settings = _settings()
    settings.setValue("window/geometry", window.saveGeometry())
    settings.setValue("window/state", window.saveState())
    for splitter in window.findChildren(QSplitter):
        if splitter.objectName():
            settings.setValue(f"splitters/{splitter.objectName()}", splitter.saveState())


def remember_splitter(splitter: QSplitter, name: str, owner: QWidget | None = None) -> QSplitter:
    """Give a splitter a stable name so its position is remembered."""
    splitter.setObjectName(name)
    return splitter
