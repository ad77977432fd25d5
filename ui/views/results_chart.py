"""The results view's chart: the same reportlab chart as the round report, drawn as SVG at the
width of the panel (and again when the panel is resized)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QByteArray, Qt, QTimer
from PySide6.QtGui import QPalette, QResizeEvent
from PySide6.QtSvgWidgets import QSvgWidget
from PySide6.QtWidgets import QScrollArea, QStyle, QWidget

from kvaldesk.results.model import RoundResults
from kvaldesk.services.charts import ChartSvg, results_chart_svg
from ui.i18n import _
from ui.models.results_format import chart_texts
from ui.tasks import TaskRunner

#: Draws a chart; called on a worker thread, so it reads nothing of the window.
Drawing = Callable[[], ChartSvg]

#: The chart is drawn in points and shown this much larger, so its text matches the window's.
CHART_ZOOM = 1.25
CHART_FONT_SIZE = 9
#: Wider than this the bars get hard to follow from label to value.
CHART_MAX_WIDTH = 860


class SvgChartPanel(QScrollArea):
    """A chart of the engine's drawing code, shown as SVG at the panel's width (aspect ratio
    kept) and drawn again when the panel is resized. Subclasses say what to draw.

    With ``tasks`` the chart is drawn on a worker thread (drawing and writing the SVG takes
    20–60 ms, too long for the window to wait); a drawing that is overtaken by a newer one
    is dropped. Without, it is drawn at once.
    """

    def __init__(
        self, accessible_name: str, parent: QWidget | None = None, tasks: TaskRunner | None = None
    ) -> None:
        super().__init__(parent)
        self._tasks = tasks
        #: Counts the drawings asked for: only the newest is shown.
        self._drawings = 0
        self.setAccessibleName(accessible_name)
        self.setWidgetResizable(False)
        self.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignHCenter)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setBackgroundRole(QPalette.ColorRole.Base)
        self.svg = QSvgWidget()
        self.svg.setAccessibleName(_("Diagram"))
        self.svg.renderer().setAspectRatioMode(Qt.AspectRatioMode.KeepAspectRatio)
        self.setWidget(self.svg)
        self.svg_bytes = b""
        self._title = ""
        self._rendered_width = 0
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(120)
        self._timer.timeout.connect(self.render_chart)

    def _drawing(self, width: float) -> Drawing | None:
        """What draws the chart ``width`` points wide, or None when there is nothing to show."""
        raise NotImplementedError

    def _wanted_width(self) -> int:
        # Room for the vertical scroll bar is kept always, so that the bar appearing never
        # makes the chart too wide for the panel.
        scroll_bar = self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
        available = self.contentsRect().width() - scroll_bar - 4
        return min(max(available, 360), CHART_MAX_WIDTH)

    def render_chart(self) -> None:
        """Draw the chart for the current width."""
        self._timer.stop()
        width = self._wanted_width()
        drawing = self._drawing(width / CHART_ZOOM)
        if drawing is None:
            return
        self._drawings += 1
        number = self._drawings
        if self._tasks is None:
            self._show(number, width, drawing())
            return
        self._tasks.run(
            lambda _db, _progress: drawing(),
            on_success=lambda chart: self._show(number, width, chart),
            on_failure=self._failed,
        )

    def _show(self, number: int, width: int, chart: ChartSvg) -> None:
        if number != self._drawings:
            return  # a newer drawing is on its way
        self.svg_bytes = chart.svg
        self.svg.load(QByteArray(self.svg_bytes))
        self.svg.setFixedSize(round(chart.width * CHART_ZOOM), round(chart.height * CHART_ZOOM))
        self._rendered_width = width

    def _failed(self, exc: BaseException, details: str) -> None:
        from ui.errors import show_error

        show_error(self, exc, details)

    def clear_chart(self) -> None:
        """Show nothing (a drawing on its way is dropped)."""
        self._drawings += 1
        self.svg_bytes = b""
        self.svg.load(QByteArray())

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Redraw for the new width: at once after a big jump, else after a short pause."""
        super().resizeEvent(event)
        if not self.svg_bytes:
            return
        change = abs(self._wanted_width() - self._rendered_width)
        if change > 0.3 * max(self._rendered_width, 1):
            self.render_chart()
        elif change:
            self._timer.start()


class ChartPanel(SvgChartPanel):
    """The share per question of a round, with the target line (as in the round report)."""

    def __init__(self, parent: QWidget | None = None, tasks: TaskRunner | None = None) -> None:
        super().__init__(_("Diagram: andel uppfyllt per fråga"), parent, tasks)
        self._results: RoundResults | None = None
        self._target: float | None = None
        self._soon = QTimer(self)
        self._soon.setSingleShot(True)
        self._soon.setInterval(0)
        self._soon.timeout.connect(self.render_chart)

    def set_chart(self, results: RoundResults, target_pct: float | None, title: str) -> None:
        """Show the shares of these results: drawn in the next turn of the event loop, so
        that filling the tables and drawing the chart never hold up the window together."""
        self._results = results
        self._target = target_pct
        self._title = title
        self._soon.start()

    def render_chart(self) -> None:
        """Draw the chart for the current width."""
        self._soon.stop()
        super().render_chart()

    def _drawing(self, width: float) -> Drawing | None:
        results, target, title, texts = self._results, self._target, self._title, chart_texts()
        if results is None:
            return None
        return lambda: results_chart_svg(
            results, target, title, width=width, font_size=CHART_FONT_SIZE, texts=texts
        )
