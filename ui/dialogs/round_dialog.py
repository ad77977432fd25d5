"""Create or edit a round (granskningsomgång): name, template version, unit, period, target."""

from __future__ import annotations

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from kvaldesk.domain.errors import KvaldeskError
from kvaldesk.domain.model import Round, Template
from kvaldesk.services import rounds as rounds_service
from kvaldesk.services import templates as templates_service
from ui.context import AppContext
from ui.i18n import _
from ui.widgets import (
    SMALL_PRINT_STYLE,
    MessageLabel,
    fit_height,
    note,
    ok_cancel_buttons,
    titled_layout,
)

#: The spin box value that means "no target" (shown as "Inget mål").
NO_TARGET = -1


def template_choices(
    templates: list[Template], key: str | None = None
) -> list[tuple[Template, bool]]:
    """Templates for the combo box as (template, is_newest_of_its_key).

    The newest version of every key comes first (by title), then the older versions.
    With ``key`` only the versions of that template are listed.
    """
    chosen = [t for t in templates if key is None or t.key == key]
    newest: dict[str, int] = {}
    for template in chosen:
        newest[template.key] = max(newest.get(template.key, 0), template.version)
    latest = sorted(
        (t for t in chosen if t.version == newest[t.key]), key=lambda t: t.title.casefold()
    )
    older = sorted(
        (t for t in chosen if t.version != newest[t.key]),
        key=lambda t: (t.title.casefold(), -t.version),
    )
    return [(t, True) for t in latest] + [(t, False) for t in older]


def first_sentence(text: str) -> str:
    """The first sentence of a description, on one line (the rest is in the tooltip)."""
    flat = " ".join(text.split())
    end = flat.find(". ")
    sentence = flat if end < 0 else flat[: end + 1]
    return sentence if sentence.endswith((".", "!", "?")) else sentence + "."


class RoundDialog(QDialog):
    """Ny granskning / Redigera granskning. Saves through the rounds service on OK; any
    problem is shown in the dialog, which stays open."""

    def __init__(
        self,
        context: AppContext,
        round_: Round | None = None,
        has_reviews: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.round = round_
        self.saved: Round | None = None
        editing = round_ is not None
        self.setWindowTitle(_("Redigera granskning") if editing else _("Ny granskning"))
        self.setMinimumWidth(600)

        layout = titled_layout(
            self, _("Redigera granskningsomgången") if editing else _("Ny granskningsomgång")
        )
        intro = QLabel(
            _(
                "En granskningsomgång är en mall, en period och de ärenden ni ska granska. "
                "Ärendena lägger du till när omgången är skapad."
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)

        form = QFormLayout()
        form.setSpacing(8)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)

        self.name = QLineEdit()
        self.name.setMaxLength(200)
        self.name.setAccessibleName(_("Namn på omgången"))
        self.name.setPlaceholderText(_("till exempel Förhandsbedömningar våren 2026"))
        self._add_row(form, _("&Namn:"), self.name)

        self.template = QComboBox()
        self.template.setAccessibleName(_("Mall"))
        self.template_hint = note("", SMALL_PRINT_STYLE)
        template_box = QVBoxLayout()
        template_box.setSpacing(4)
        template_box.addWidget(self.template)
        template_box.addWidget(self.template_hint)
        label = QLabel(_("&Mall:"))
        label.setBuddy(self.template)
        form.addRow(label, template_box)

        self.unit = QLineEdit()
        self.unit.setMaxLength(200)
        self.unit.setAccessibleName(_("Enhet"))
        self._add_row(form, _("&Enhet:"), self.unit)

        self.period_start = QLineEdit()
        self.period_start.setAccessibleName(_("Periodens början, ÅÅÅÅ-MM-DD"))
        self.period_start.setPlaceholderText(_("ÅÅÅÅ-MM-DD"))
        self.period_start.setMaxLength(10)
        self.period_end = QLineEdit()
        self.period_end.setAccessibleName(_("Periodens slut, ÅÅÅÅ-MM-DD"))
        self.period_end.setPlaceholderText(_("ÅÅÅÅ-MM-DD"))
        self.period_end.setMaxLength(10)
        period = QHBoxLayout()
        period.setSpacing(8)
        period.addWidget(self.period_start, 1)
        end_label = QLabel(_("&till"))
        end_label.setBuddy(self.period_end)
        period.addWidget(end_label)
        period.addWidget(self.period_end, 1)
        period_box = QVBoxLayout()
        period_box.setSpacing(4)
        period_box.addLayout(period)
        period_hint = note(
            _("Skriv datum som ÅÅÅÅ-MM-DD. Lämna tomt om perioden inte är bestämd."),
            SMALL_PRINT_STYLE,
        )
        period_box.addWidget(period_hint)
        label = QLabel(_("Period &från:"))
        label.setBuddy(self.period_start)
        form.addRow(label, period_box)

        self.target = QSpinBox()
        self.target.setRange(NO_TARGET, 100)
        self.target.setSpecialValueText(_("Inget mål"))
        self.target.setSuffix(_(" %"))
        self.target.setValue(NO_TARGET)
        self.target.setAccessibleName(_("Mål för andel uppfyllt i procent"))
        self.target.setToolTip(
            _("Vilken andel uppfyllt ni siktar på, 0–100 %. Välj lägsta värdet för inget mål.")
        )
        self.target.setMinimumWidth(120)
        target_row = QHBoxLayout()
        target_row.addWidget(self.target)
        target_row.addStretch(1)
        label = QLabel(_("Mål (&andel uppfyllt):"))
        label.setBuddy(self.target)
        form.addRow(label, target_row)
        layout.addLayout(form)

        self.message = MessageLabel()
        layout.addWidget(self.message)
        layout.addStretch(1)

        self.buttons = ok_cancel_buttons(
            _("Spara") if editing else _("Skapa"),
            _("Spara omgången") if editing else _("Skapa omgången"),
            _("Avbryt"),
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

        self._fill_templates(round_, has_reviews)
        self.template.currentIndexChanged.connect(self._template_changed)
        self._template_changed()
        if round_ is not None:
            self._fill_from(round_)
        else:
            self.unit.setText(context.settings().reviewer_unit)
        self.resize(640, 10)
        fit_height(self)
        QWidget.setTabOrder(self.name, self.template)
        QWidget.setTabOrder(self.template, self.unit)
        QWidget.setTabOrder(self.unit, self.period_start)
        QWidget.setTabOrder(self.period_start, self.period_end)
        QWidget.setTabOrder(self.period_end, self.target)
        self.name.setFocus()

    @staticmethod
    def _add_row(form: QFormLayout, text: str, field: QWidget) -> None:
        label = QLabel(text)
        label.setBuddy(field)
        form.addRow(label, field)

    def _fill_templates(self, round_: Round | None, has_reviews: bool) -> None:
        templates = templates_service.list_templates(self.context.db)
        key = round_.template_key if round_ is not None else None
        self._has_reviews = has_reviews
        for template, newest in template_choices(templates, key):
            text = (
                template.label
                if newest
                else _("{label} – äldre version").format(label=template.label)
            )
            self.template.addItem(text, template)
        if round_ is not None:
            for index in range(self.template.count()):
                found = self.template.itemData(index)
                if isinstance(found, Template) and found.version == round_.template_version:
                    self.template.setCurrentIndex(index)
            if has_reviews:
                self.template.setEnabled(False)
        elif self.template.count():
            self.template.setCurrentIndex(0)

    def _template_changed(self) -> None:
        template = self.selected_template()
        if template is None:
            self.template_hint.setText(_("Det finns inga mallar. Lägg till en under Mallar."))
            return
        if self.round is not None and self._has_reviews:
            self.template_hint.setText(
                _("Mallversionen kan inte bytas eftersom omgången redan har granskningar.")
            )
            return
        self.template_hint.setToolTip("")
        text = _("Mallen har {n} frågor.").format(n=len(template.questions))
        if template.description:
            text = _("{description} Mallen har {n} frågor.").format(
                description=first_sentence(template.description), n=len(template.questions)
            )
            self.template_hint.setToolTip(template.description)
        self.template_hint.setText(text)
        fit_height(self)

    def showEvent(self, event: QShowEvent) -> None:
        """Show the start of a long name, selected so typing replaces it."""
        super().showEvent(event)
        length = len(self.name.text())
        if length:
            self.name.setSelection(length, -length)

    def _fill_from(self, round_: Round) -> None:
        self.name.setText(round_.name)
        self.name.setCursorPosition(0)
        self.unit.setText(round_.unit)
        self.period_start.setText(round_.period_start or "")
        self.period_end.setText(round_.period_end or "")
        if round_.target_pct is None:
            self.target.setValue(NO_TARGET)
        else:
            self.target.setValue(round(round_.target_pct))

    def selected_template(self) -> Template | None:
        """The template version chosen in the combo box."""
        found = self.template.currentData()
        return found if isinstance(found, Template) else None

    def target_value(self) -> int | None:
        """The target in percent, or None for "Inget mål"."""
        value = self.target.value()
        return None if value == NO_TARGET else value

    def save(self) -> None:
        """Create or update the round; on a problem show it and keep the dialog open."""
        self.message.clear_message()
        if not self.name.text().strip():
            self.message.show_error(
                _('Skriv ett namn på omgången, till exempel "Förhandsbedömningar våren 2026".')
            )
            fit_height(self)
            self.name.setFocus()
            return
        template = self.selected_template()
        if template is None:
            self.message.show_error(_("Välj en mall för omgången."))
            self.template.setFocus()
            return
        self.target.interpretText()
        name, unit, target = self.name.text(), self.unit.text(), self.target_value()
        start, end = self.period_start.text(), self.period_end.text()
        try:
            if self.round is None:
                self.saved = rounds_service.create_round(
                    self.context.db,
                    template_key=template.key,
                    template_version=template.version,
                    name=name,
                    unit=unit,
                    target_pct=target,
                    period_start=start,
                    period_end=end,
                )
            else:
                self.saved = rounds_service.update_round(
                    self.context.db,
                    self.round.id,
                    name=name,
                    unit=unit,
                    target_pct=target,
                    period_start=start,
                    period_end=end,
                    template_version=template.version if self.template.isEnabled() else None,
                )
        except KvaldeskError as exc:
            self.message.show_exception(exc)
            fit_height(self)
            self._focus_field_of(str(exc))
            return
        self.context.notify("rounds")
        self.accept()

    def _focus_field_of(self, message: str) -> None:
        if "Periodens slut" in message:
            self.period_end.setFocus()
        elif "Periodens" in message:
            self.period_start.setFocus()
        elif "Enhet" in message:
            self.unit.setFocus()
        elif "Namn" in message:
            self.name.setFocus()
        elif "Mål" in message:
            self.target.setFocus()


__all__ = ["NO_TARGET", "RoundDialog", "first_sentence", "template_choices"]
