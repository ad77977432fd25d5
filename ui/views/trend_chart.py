"""The trends view's chart: the engine's trend chart (the same drawing as in the round report),
shown as SVG at the width of the panel and drawn again when the panel is resized."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from PySide6.QtWidgets import QWidget

from kvaldesk.services.charts import trend_chart_svg
from kvaldesk.services.trends import Trends
from ui.i18n import _
from ui.models.results_format import chart_texts
from ui.tasks import TaskRunner
from ui.views.results_chart import CHART_FONT_SIZE, Drawing, SvgChartPanel


class TrendChartPanel(SvgChartPanel):
    """The share per round of the chosen questions."""

    def __init__(self, parent: QWidget | None = None, tasks: TaskRunner | None = None) -> None:
        super().__init__(_("Diagram: andel uppfyllt per omgång"), parent, tasks)
        self._trends: Trends | None = None

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
        super().clear_chart()

    def _drawing(self, width: float) -> Drawing | None:
        trends, title, texts = self._trends, self._title, chart_texts()
        not_joined = _("ej jämförbar")
        if trends is None:
            return None
        return lambda: trend_chart_svg(
            trends,
            title,
            width=width,
            font_size=CHART_FONT_SIZE,
            texts=texts,
            not_joined=not_joined,
        )
