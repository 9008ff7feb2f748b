"""The report form: an answer to each of the breakout's questions, the main conclusions, the recommended actions."""

from dataclasses import dataclass

from django import forms
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from .models import ACTIONS_MAX_LENGTH, ANSWER_MAX_LENGTH, CONCLUSIONS_MAX_LENGTH, LengthLimit, Question

MARKDOWN_HELP = _("Markdown: a blank line between paragraphs, “- ” at the start of a line for a list item, **bold**.")


def limit_help(limit):
    return _("Up to %(limit)s characters.") % {"limit": number_format(limit, force_grouping=True)}


@dataclass
class Row:
    """One field of the form as the page shows it: the question it answers, if any, and the saved version's text
    when a save was refused because someone else saved first."""

    field: forms.BoundField
    question: Question | None = None
    theirs: str | None = None


class ReportForm(forms.Form):
    """Fields are built from the report's questions. No field has a maxlength attribute (browsers would silently cut
    pasted text): the limits are checked on the server and explained."""

    base_version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args, report, **kwargs):
        super().__init__(*args, **kwargs)
        self.report = report
        self.questions = list(report.breakout.questions.all())
        answers = {question.pk: text for question, text in report.answered_questions()}
        for question in self.questions:
            self.fields[self.answer_field(question)] = forms.CharField(
                label=_("Your group’s answer to question %(position)s") % {"position": question.position},
                required=False,
                strip=False,
                validators=[LengthLimit(ANSWER_MAX_LENGTH)],
                widget=forms.Textarea(attrs={"rows": 8}),
                help_text=f"{limit_help(ANSWER_MAX_LENGTH)} {MARKDOWN_HELP}",
                initial=answers.get(question.pk, ""),
            )
        self.fields["text"] = forms.CharField(
            label=_("Main conclusions"),
            required=False,
            strip=False,
            validators=[LengthLimit(CONCLUSIONS_MAX_LENGTH)],
            widget=forms.Textarea(attrs={"rows": 8}),
            help_text=f"{limit_help(CONCLUSIONS_MAX_LENGTH)} {MARKDOWN_HELP}",
            initial=report.text,
        )
        self.fields["actions"] = forms.CharField(
            label=_("Recommended actions"),
            required=False,
            strip=False,
            validators=[LengthLimit(ACTIONS_MAX_LENGTH)],
            widget=forms.Textarea(attrs={"rows": 6}),
            help_text=_("%(limit)s One action per line, each starting with “- ”.")
            % {"limit": limit_help(ACTIONS_MAX_LENGTH)},
            initial=report.actions,
        )
        self.fields["base_version"].initial = report.version
        self.order_fields([*(self.answer_field(q) for q in self.questions), "text", "actions", "base_version"])

    @staticmethod
    def answer_field(question):
        return f"answer_{question.pk}"

    def rows(self, theirs=None):
        """The visible fields in order, each with its question and, after a refused save, the saved version."""
        theirs = theirs or {}
        rows = [
            Row(self[self.answer_field(q)], question=q, theirs=theirs.get(self.answer_field(q))) for q in self.questions
        ]
        rows += [Row(self[name], theirs=theirs.get(name)) for name in ("text", "actions")]
        return rows

    def clean(self):
        cleaned = super().clean()
        for name, value in cleaned.items():
            if isinstance(value, str):
                cleaned[name] = value.replace("\r\n", "\n").replace("\r", "\n")
        return cleaned

    def require_conclusions(self):
        """Submitting needs the main conclusions; saving a draft does not."""
        if not self.cleaned_data.get("text", "").strip():
            self.add_error("text", _("Write the main conclusions before you submit the report."))
            return False
        return True

    def report_data(self):
        """The cleaned content in the shape services.save_report takes."""
        return {
            "answers": {q.pk: self.cleaned_data[self.answer_field(q)] for q in self.questions},
            "text": self.cleaned_data["text"],
            "actions": self.cleaned_data["actions"],
        }


def fields_of(report, form_class=ReportForm):
    """The report's stored content keyed by the form's field names (to show beside the writer's own text)."""
    values = {form_class.answer_field(question): text for question, text in report.answered_questions()}
    values.update(text=report.text, actions=report.actions)
    return values
