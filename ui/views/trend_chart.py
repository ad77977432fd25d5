"""The trends view's chart: the engine's trend chart (the same drawing as in the round report),
shown as SVG at the width of the panel and drawn again when the panel is resized."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from PySide6.QtCore import QByteArray, Qt, QTimer
from PySide6.QtGui import QPalette, QResizeEvent
from PySide6.QtSvgWidgets import QSvgWidget
from PySide6.QtWidgets import QScrollArea, QStyle, QWidget

from kvaldesk.services.charts import trend_chart_svg
from kvaldesk.services.trends import Trends
from ui.i18n import _
from ui.models.results_format import chart_texts
from ui.views.results_chart import CHART_FONT_SIZE, CHART_MAX_WIDTH, CHART_ZOOM


class TrendChartPanel(QScrollArea):
    """The share per round of the chosen questions, as SVG (aspect ratio kept)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(_("Diagram: andel uppfyllt per omgång"))
        self.setWidgetResizable(False)
        self.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignHCenter)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setBackgroundRole(QPalette.ColorRole.Base)
        self.svg = QSvgWidget()
        self.svg.setAccessibleName(_("Diagram"))
        self.svg.renderer().setAspectRatioMode(Qt.AspectRatioMode.KeepAspectRatio)
        self.setWidget(self.svg)
        self.svg_bytes = b""
        self._trends: Trends | None = None
        self._title = ""
        self._rendered_width = 0
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(120)
        self._timer.timeout.connect(self.render_chart)

    def set_chart(self, trends: Trends, question_ids: Sequence[str] | None, title: str) -> None:
        """Show these questions' shares over the rounds (all questions when None)."""
        if question_ids is not None:
            wanted = set(question_ids)
            trends = replace(trends, questions=[q for q in trends.questions if q.id in wanted])
        self._trends = trends
        self._title = title
        self.render_chart()

    def clear_chart(self) -> None:
        """Show nothing."""
        self._trends = None
        self.svg_bytes = b""
        self.svg.load(QByteArray())

    def _wanted_width(self) -> int:
        scroll_bar = self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
        available = self.contentsRect().width() - scroll_bar - 4
        return min(max(available, 360), CHART_MAX_WIDTH)

    def render_chart(self) -> None:
        """Draw the chart for the current width."""
        self._timer.stop()
        if self._trends is None:
            return
        width = self._wanted_width()
        chart = trend_chart_svg(
            self._trends,
            self._title,
            width=width / CHART_ZOOM,
            font_size=CHART_FONT_SIZE,
            texts=chart_texts(),
            not_joined=_("ej jämförbar"),
        )
        self.svg_bytes = chart.svg
        self.svg.load(QByteArray(self.svg_bytes))
        self.svg.setFixedSize(round(chart.width * CHART_ZOOM), round(chart.height * CHART_ZOOM))
        self._rendered_width = width

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Redraw for the new width after a short pause."""
        super().resizeEvent(event)
        if self.svg_bytes and self._wanted_width() != self._rendered_width:
            self._timer.start()
