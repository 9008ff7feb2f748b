"""The live forms: a participant's question, a group member's point, the facilitator's moderation buttons.

Plain forms that work without JavaScript. Text limits have no HTML maxlength (phones would cut a pasted question
silently): a longer text comes back, as typed, with a message saying by how much it is over.
"""

from django import forms
from django.db import models
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from conference.models import Participant
from conference.text import xml_safe

from .models import (
    AFFILIATION_MAX_LENGTH,
    NAME_MAX_LENGTH,
    POINT_MAX_LENGTH,
    QUESTION_MAX_LENGTH,
    AudienceQuestion,
    BreakoutPoint,
    length_limit,
)


def one_line(text):
    """A name on one line: runs of spaces, tabs and line breaks become one space; invisible control characters go."""
    return " ".join(xml_safe(text).split())


class AddresseeField(forms.ModelChoiceField):
    def label_from_instance(self, participant):
        return participant.full_name


def with_limit(message, limit):
    """A help text naming a limit, translated when shown (`%` on a lazy string translates at import, in English)."""
    return lazy(lambda: str(message) % {"limit": limit}, str)()


class AskForm(forms.Form):
    """A participant's question, to one of the session's contributors or to the floor, with an optional name."""

    text = forms.CharField(
        label=_("Your question"),
        widget=forms.Textarea(attrs={"rows": 3}),
        validators=[length_limit(QUESTION_MAX_LENGTH)],
        help_text=with_limit(_("Up to %(limit)d characters."), QUESTION_MAX_LENGTH),
        error_messages={"required": _("Type your question first.")},
    )
    addressee = AddresseeField(
        queryset=Participant.objects.none(), required=False, label=_("To"), empty_label=_("The floor (anyone)")
    )
    asked_by = forms.CharField(
        label=_("Your name (optional)"),
        required=False,
        validators=[length_limit(NAME_MAX_LENGTH)],
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    affiliation = forms.CharField(
        label=_("Your country or organisation (optional)"),
        required=False,
        validators=[length_limit(AFFILIATION_MAX_LENGTH)],
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )

    def __init__(self, *args, contributors, **kwargs):
        """`contributors`: the session's contributors, a queryset of participants in the order the choices show."""
        super().__init__(*args, **kwargs)
        self.fields["addressee"].queryset = contributors

    def clean_text(self):
        # Invisible control characters (a word processor's line break is \x0b) would break the outcome's exports.
        text = xml_safe(self.cleaned_data["text"]).strip()
        if not text:
            raise forms.ValidationError(_("Type your question first."))
        return text

    def clean_asked_by(self):
        return one_line(self.cleaned_data["asked_by"])

    def clean_affiliation(self):
        return one_line(self.cleaned_data["affiliation"])


class VoteForm(forms.Form):
    """Which question this phone votes for (the button's value)."""

    question = forms.ModelChoiceField(
        queryset=None,
        error_messages={
            "required": _("Choose a question to vote for."),
            "invalid_choice": _("This question is not in this session’s list: reload the page."),
        },
    )

    def __init__(self, *args, session, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["question"].queryset = AudienceQuestion.objects.filter(session=session)


class PointForm(forms.Form):
    """A group member's point under one of the breakout's questions."""

    question = forms.ModelChoiceField(queryset=None, widget=forms.HiddenInput)
    text = forms.CharField(
        label=_("Your point"),
        widget=forms.Textarea(attrs={"rows": 2}),
        validators=[length_limit(POINT_MAX_LENGTH)],
        help_text=with_limit(_("A short point, up to %(limit)d characters."), POINT_MAX_LENGTH),
        error_messages={"required": _("Type your point first.")},
    )
    author = forms.CharField(
        label=_("Your name (optional)"),
        required=False,
        validators=[length_limit(NAME_MAX_LENGTH)],
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )

    def __init__(self, *args, questions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["question"].queryset = questions
        self.fields["question"].error_messages["invalid_choice"] = _(
            "This question is not one of this breakout’s: reload the page."
        )

    def clean_text(self):
        text = xml_safe(self.cleaned_data["text"]).strip()
        if not text:
            raise forms.ValidationError(_("Type your point first."))
        return text

    def clean_author(self):
        return one_line(self.cleaned_data["author"])


class WithdrawPointForm(forms.Form):
    """The phone that added a point takes it back."""

    withdraw = forms.ModelChoiceField(queryset=None, widget=forms.HiddenInput)

    def __init__(self, *args, points, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["withdraw"].queryset = points


class HidePointForm(forms.Form):
    """The group's rapporteur hides one of the group's points."""

    point = forms.ModelChoiceField(queryset=None, widget=forms.HiddenInput)

    def __init__(self, *args, points, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["point"].queryset = points


class ModerationAction(models.TextChoices):
    OPEN_ASKING = "open", _("Open for questions")
    CLOSE_ASKING = "close", _("Close questions")
    APPROVE = "approve", _("Approve")
    APPROVE_ALL = "approve_all", _("Approve all")
    HIDE = "hide", _("Hide")
    ANSWERED = "answered", _("Mark answered")
    PIN = "pin", _("Answer now")
    UNPIN = "unpin", _("Stop answering")
    OPEN_NOTES = "open_notes", _("Open the breakout notes")
    CLOSE_NOTES = "close_notes", _("Close the breakout notes")
    DISCOUNT = "discount", _("Discount the votes from that network")
    COUNT_AGAIN = "count_again", _("Count the discounted votes again")
    HIDE_POINT = "hide_point", _("Hide the point")


QUESTION_ACTIONS = {
    ModerationAction.APPROVE,
    ModerationAction.HIDE,
    ModerationAction.ANSWERED,
    ModerationAction.PIN,
    ModerationAction.DISCOUNT,
    ModerationAction.COUNT_AGAIN,
}


class ModerationForm(forms.Form):
    """One of the facilitator's buttons: the action, and the question, segment or breakout point it applies to."""

    action = forms.ChoiceField(choices=ModerationAction.choices)
    question = forms.ModelChoiceField(queryset=None, required=False)
    segment = forms.ModelChoiceField(queryset=None, required=False)
    point = forms.ModelChoiceField(queryset=None, required=False)

    def __init__(self, *args, session, segments, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["question"].queryset = AudienceQuestion.objects.filter(session=session)
        self.fields["segment"].queryset = segments
        self.fields["point"].queryset = BreakoutPoint.objects.filter(question__breakout__session=session)
        for name in ("question", "segment", "point"):
            self.fields[name].error_messages["invalid_choice"] = _(
                "That is not one of this session’s: reload the page and try again."
            )

    def clean(self):
        data = super().clean()
        action = data.get("action")
        if action in QUESTION_ACTIONS and not data.get("question"):
            raise forms.ValidationError(_("Choose a question for this button: reload the page and try again."))
        if action == ModerationAction.HIDE_POINT and not data.get("point"):
            raise forms.ValidationError(_("Choose a question for this button: reload the page and try again."))
        if action == ModerationAction.OPEN_ASKING and not data.get("segment"):
            raise forms.ValidationError(_("Choose the segment to open for questions."))
        return data
