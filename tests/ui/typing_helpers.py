"""Typing like a person in the window tests.

QTest's keyClicks handles ASCII only, so letters such as å, ä and ö (and signs such as –) are
sent as key events carrying the character, as a Swedish keyboard does.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget


def type_text(qtbot: Any, widget: QWidget, text: str) -> None:
    """Type ``text`` into ``widget`` key by key."""
    for char in text:
        if char.isascii():
            qtbot.keyClicks(widget, char)
            continue
        code = ord(char.upper())
        key = Qt.Key(code) if code < 0x100 else Qt.Key.Key_unknown
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(
                widget, QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier, char)
            )


def retype(qtbot: Any, widget: QWidget, text: str) -> None:
    """Select everything in the field and type ``text`` over it, like a user."""
    widget.setFocus()
    qtbot.keyClick(widget, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(widget, Qt.Key.Key_Delete)
    type_text(qtbot, widget, text)
