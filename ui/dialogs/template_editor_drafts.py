"""What the template editor edits: mutable drafts of questions.

A draft keeps what the author typed (numbers as text) until the template is saved; then
``QuestionDraft.problems`` explains anything that cannot be saved and ``to_question`` builds
the frozen domain object. No Qt here.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from kvaldesk.domain.enums import CountsAs, Criterion, QuestionKind
from kvaldesk.domain.errors import Problem
from kvaldesk.domain.model import AnswerOption, Condition, LegalRef, NumberField, Question
from ui.i18n import _

ID_PATTERN = re.compile(r"^[A-Za-z][A-Za-z0-9_.-]{0,31}$")
VALUE_PATTERN = re.compile(r"^[a-z0-9_]{1,32}$")
MAX_TEXT, MAX_HELP, MAX_LABEL, MAX_OPTIONS = 1000, 4000, 60, 8


def value_from_label(label: str) -> str:
    """A stored answer code made from its text: "Ej aktuellt" -> "ej_aktuellt"."""
    plain = unicodedata.normalize("NFKD", label.casefold())
    plain = "".join(c for c in plain if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", "_", plain).strip("_")[:32]


@dataclass
class OptionDraft:
    """An answer option being edited."""

    value: str
    label: str
    counts_as: CountsAs

    @property
    def code(self) -> str:
        """The stored value: as typed, or made from the label when left empty."""
        return self.value.strip() or value_from_label(self.label)


@dataclass
class RefDraft:
    """A legal reference being edited."""

    law: str = ""
    reference: str = ""
    verified: bool = False
    note: str = ""


def preset_options() -> dict[str, list[OptionDraft]]:
    """The common answer scales, by their name in the Förval menu."""
    yes = OptionDraft("ja", _("Ja"), CountsAs.COMPLIANT)
    partly = OptionDraft("delvis", _("Delvis"), CountsAs.NON_COMPLIANT)
    no = OptionDraft("nej", _("Nej"), CountsAs.NON_COMPLIANT)
    na = OptionDraft("ej_aktuellt", _("Ej aktuellt"), CountsAs.NOT_APPLICABLE)
    return {
        _("Ja/Nej"): [yes, no],
        _("Ja/Nej/Ej aktuellt"): [yes, no, na],
        _("Ja/Delvis/Nej/Ej aktuellt"): [yes, partly, no, na],
    }


def _number_text(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


def _parse_number(text: str) -> float | None:
    cleaned = text.strip().replace(",", ".").replace("\u2212", "-")
    return float(cleaned) if cleaned else None


@dataclass
class QuestionDraft:
    """A question as the author is editing it."""

    id: str
    text: str = ""
    help: str = ""
    criterion: Criterion = Criterion.TS
    kind: QuestionKind = QuestionKind.CHOICE
    critical: bool = False
    local: bool = False
    options: list[OptionDraft] = field(default_factory=list)
    legal_refs: list[RefDraft] = field(default_factory=list)
    has_number: bool = False
    number_label: str = ""
    number_unit: str = ""
    number_min: str = ""
    number_max: str = ""
    number_integer: bool = True
    condition_question: str = ""
    condition_answers: list[str] = field(default_factory=list)
    #: A condition with all/any/not, which the simple form cannot show; kept as it is.
    complex_condition: Condition | None = None

    @classmethod
    def from_question(cls, question: Question) -> QuestionDraft:
        """A draft of a stored question."""
        nf = question.number_field
        simple = question.condition is not None and question.condition.question is not None
        return cls(
            id=question.id,
            text=question.text,
            help=question.help,
            criterion=question.criterion,
            kind=question.kind,
            critical=question.critical,
            local=question.local,
            options=[OptionDraft(o.value, o.label, o.counts_as) for o in question.options],
            legal_refs=[
                RefDraft(r.law, r.reference, r.verified, r.note) for r in question.legal_refs
            ],
            has_number=nf is not None,
            number_label=nf.label if nf else "",
            number_unit=nf.unit if nf else "",
            number_min=_number_text(nf.minimum) if nf else "",
            number_max=_number_text(nf.maximum) if nf else "",
            number_integer=nf.integer if nf else True,
            condition_question=(question.condition.question or "")
            if simple and question.condition
            else "",
            condition_answers=list(question.condition.answer_in)
            if simple and question.condition
            else [],
            complex_condition=None if simple else question.condition,
        )

    def where(self, position: int) -> str:
        """How problems name this question (the engine's form: "fråga FB3" or "fråga nr 3")."""
        return f"fråga {self.id.strip()}" if self.id.strip() else f"fråga nr {position}"

    def problems(self, earlier: list[QuestionDraft]) -> list[Problem]:
        """Everything that stops this question from being saved, in plain Swedish.

        ``earlier`` are the questions before this one, in order.
        """
        found: list[str] = []
        qid = self.id.strip()
        if not qid:
            found.append(_("frågan saknar id"))
        elif not ID_PATTERN.match(qid):
            found.append(
                _(
                    "id ska börja med en bokstav a–z och får bara innehålla a–z, "
                    "siffror, punkt, bindestreck och understreck (högst 32 tecken)"
                )
            )
        elif any(other.id.strip() == qid for other in earlier):
            found.append(_("id {id} används redan av en annan fråga").format(id=qid))
        if not self.text.strip():
            found.append(_("frågetexten saknas"))
        elif len(self.text.strip()) > MAX_TEXT:
            found.append(_("frågetexten får vara högst {n} tecken").format(n=MAX_TEXT))
        if len(self.help.strip()) > MAX_HELP:
            found.append(_("hjälptexten får vara högst {n} tecken").format(n=MAX_HELP))
        if self.kind is QuestionKind.CHOICE:
            found.extend(self._option_problems())
        if self.has_number:
            found.extend(self._number_problems())
        for number, ref in enumerate(self.legal_refs, start=1):
            if not ref.law.strip():
                found.append(_("lagrum {n} saknar lag eller föreskrift").format(n=number))
        if self.condition_question:
            earlier_ids = {other.id.strip() for other in earlier}
            if self.condition_question not in earlier_ids:
                found.append(
                    _("villkoret läser fråga {id}, som måste komma före den här frågan").format(
                        id=self.condition_question
                    )
                )
            elif not self.condition_answers:
                found.append(_("välj minst ett svar i villkoret"))
        where = self.where(len(earlier) + 1)
        return [Problem(where, message) for message in found]

    def _option_problems(self) -> list[str]:
        found: list[str] = []
        if len(self.options) < 2:
            found.append(_("frågan behöver minst två svarsalternativ"))
        if len(self.options) > MAX_OPTIONS:
            found.append(_("frågan får ha högst {n} svarsalternativ").format(n=MAX_OPTIONS))
        for number, option in enumerate(self.options, start=1):
            if not option.label.strip():
                found.append(_("svarsalternativ {n} saknar text").format(n=number))
            elif len(option.label.strip()) > MAX_LABEL:
                found.append(
                    _("svarsalternativ {n} får vara högst {max} tecken").format(
                        n=number, max=MAX_LABEL
                    )
                )
            elif not VALUE_PATTERN.match(option.code):
                found.append(
                    _(
                        "koden för svaret {label} får bara innehålla a–z, siffror och understreck"
                    ).format(label=option.label.strip())
                )
        if self.options and not any(o.counts_as is CountsAs.COMPLIANT for o in self.options):
            found.append(_("minst ett svarsalternativ måste räknas som Uppfyllt"))
        return found

    def _number_problems(self) -> list[str]:
        found: list[str] = []
        if not self.number_label.strip():
            found.append(_("sifferfältet behöver en rubrik"))
        values: list[float | None] = []
        for text, name in (
            (self.number_min, _("minsta värde")),
            (self.number_max, _("största värde")),
        ):
            try:
                values.append(_parse_number(text))
            except ValueError:
                found.append(
                    _("sifferfältets {name} ska vara ett tal, inte {text}").format(
                        name=name, text=text.strip()
                    )
                )
                values.append(None)
        low, high = values
        if low is not None and high is not None and low > high:
            found.append(_("sifferfältets minsta värde är större än det största"))
        return found

    def condition(self) -> Condition | None:
        """The condition the draft describes."""
        if self.complex_condition is not None:
            return self.complex_condition
        if self.condition_question:
            return Condition(
                question=self.condition_question, answer_in=tuple(self.condition_answers)
            )
        return None

    def to_question(self) -> Question:
        """The frozen question. Call only when ``problems`` found nothing."""
        number_field = None
        if self.has_number:
            number_field = NumberField(
                label=self.number_label.strip(),
                unit=self.number_unit.strip(),
                minimum=_parse_number(self.number_min),
                maximum=_parse_number(self.number_max),
                integer=self.number_integer,
            )
        choice = self.kind is QuestionKind.CHOICE
        return Question(
            id=self.id.strip(),
            text=self.text.strip(),
            help=self.help.strip(),
            criterion=self.criterion,
            kind=self.kind,
            options=tuple(AnswerOption(o.code, o.label.strip(), o.counts_as) for o in self.options)
            if choice
            else (),
            critical=self.critical,
            local=self.local,
            legal_refs=tuple(
                LegalRef(r.law.strip(), r.reference.strip(), r.verified, r.note.strip())
                for r in self.legal_refs
            ),
            condition=self.condition(),
            number_field=number_field,
        )
