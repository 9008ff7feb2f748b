"""The report form: one field per open question of the breakout and one per section, built from the content."""

import json
from dataclasses import dataclass, field

from django import forms
from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.formats import number_format
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _

from conference.models import Conference, Participant
from groups.models import Question
from sessions.models import Session

from . import services
from .content import ANSWER_LIMIT, MARKDOWN_HELP, SECTIONS, LengthLimit, ReportContent, answer_key, is_known_key


def limit_help(limit):
    return _("Up to %(limit)s characters.") % {"limit": number_format(limit, force_grouping=True)}


# The page's script sends, for the fields typed into while one of its saves merged another device's text into
# them, the version that field's text started from. At most one entry per field.
MAX_FIELD_VERSIONS = 200

KEEP_MINE, KEEP_THEIRS = "mine", "theirs"


@dataclass
class Row:
    """One field of the form as the page shows it: the question it answers (if any) and, when the field is in
    conflict with another save, that save's text (`theirs`)."""

    field: forms.BoundField
    key: str
    question: Question | None = None
    theirs: str | None = None
    points: list = field(default_factory=list)  # the group's breakout notes under this question (groups.live)

    @property
    def choice_name(self):
        return f"choice_{self.key}"


class ReportForm(forms.Form):
    """Fields are built from the report's open questions and the sections. No field has a maxlength attribute
    (browsers would silently cut pasted text): the limits are checked on the server and explained."""

    # Sent back by the page as it was served; when it is missing or damaged the writer must see why nothing was saved.
    base_version = forms.IntegerField(
        widget=forms.HiddenInput,
        min_value=0,
        error_messages=dict.fromkeys(
            ["required", "invalid", "min_value"],
            _(
                "This page did not send which version of the report it shows, so nothing was saved. Copy your text, "
                "reload the page, paste it back and save again."
            ),
        ),
    )
    field_versions = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, report, content=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.report = report
        self.questions = report.breakout.open_questions
        content = report.content if content is None else content
        for question in self.questions:
            self.fields[answer_key(question.pk)] = self._text_field(
                label=_("Your group’s answer to question %(position)s") % {"position": question.position},
                limit=ANSWER_LIMIT,
                help_text=MARKDOWN_HELP,
                rows=8,
                initial=content.answer(question.pk),
            )
        for section in SECTIONS:
            self.fields[section.key] = self._text_field(
                label=section.label,
                limit=section.limit,
                help_text=section.help_text,
                rows=section.rows,
                initial=content[section.key],
            )
        self.fields["base_version"].initial = report.version
        self.order_fields([*self.content_keys(), "base_version", "field_versions"])

    @staticmethod
    def _text_field(*, label, limit, help_text, rows, initial):
        return forms.CharField(
            label=label,
            required=False,
            strip=False,
            validators=[LengthLimit(limit)],
            widget=forms.Textarea(attrs={"rows": rows}),
            help_text=f"{limit_help(limit)} {help_text}",
            initial=initial,
        )

    def content_keys(self):
        return [*(answer_key(q.pk) for q in self.questions), *(section.key for section in SECTIONS)]

    def rows(self, conflicts=None, points=None):
        """The visible fields in order, each with its question, the group's breakout points under that question
        (`points`: {question id: [points]}) and, for a field in conflict, the other text."""
        conflicts, points = conflicts or {}, points or {}
        by_key = {answer_key(q.pk): q for q in self.questions}
        return [
            Row(
                self[key],
                key=key,
                question=by_key.get(key),
                theirs=conflicts[key][1] if key in conflicts else None,
                points=points.get(by_key[key].pk, []) if key in by_key else [],
            )
            for key in self.content_keys()
        ]

    def clean_field_versions(self):
        raw = self.cleaned_data.get("field_versions") or ""
        if not raw:
            return {}
        try:
            data = json.loads(raw)
        except ValueError:
            return {}
        if not isinstance(data, dict) or len(data) > MAX_FIELD_VERSIONS:
            return {}
        keys = set(self.content_keys())
        return {
            key: version
            for key, version in data.items()
            if key in keys and isinstance(version, int) and not isinstance(version, bool) and version >= 0
        }

    def clean(self):
        cleaned = super().clean()
        for name, value in cleaned.items():
            if isinstance(value, str):
                cleaned[name] = value.replace("\r\n", "\n").replace("\r", "\n")
        return cleaned

    def require_conclusions(self):
        """Submitting needs the main conclusions; saving a draft does not."""
        if not self.cleaned_data.get("conclusions", "").strip():
            self.add_error("conclusions", _("Write the main conclusions before you submit the report."))
            return False
        return True

    def content(self):
        """The writer's content: every field of this form as typed, and any answer posted for a question the form no
        longer shows (retired or deleted since the page was served): the save refuses those and hands them back."""
        known = set(self.content_keys())
        posted = {
            key: value.replace("\r\n", "\n").replace("\r", "\n")
            for key, value in self.data.items()
            if key not in known and is_known_key(key) and value.strip()
        }
        return ReportContent({**posted, **{key: self.cleaned_data[key] for key in self.content_keys()}})

    def save(self, *, by, submit=False):
        """Save what was posted (see services.save_report); call after is_valid()."""
        return services.save_report(
            report=self.report,
            content=self.content(),
            base_version=self.cleaned_data["base_version"],
            field_versions=self.cleaned_data["field_versions"],
            keep_theirs=self.kept_theirs(),
            by=by,
            submit=submit,
        )

    def kept_theirs(self):
        """The fields in conflict for which the writer chose the other save's text."""
        return [key for key in self.content_keys() if self.data.get(f"choice_{key}") == KEEP_THEIRS]


class SessionScope(models.TextChoices):
    THIS = "this", _("This session only")
    ALL = "all", _("Every breakout session")


class NominationForm(forms.Form):
    """Name a group's rapporteur in one step: a delegate of the group's countries, or a new one typed in here, for
    this session or for every breakout session."""

    participant = forms.ModelChoiceField(
        queryset=None,
        required=False,
        label=_("A delegate of the group"),
        empty_label=_("— a new delegate (below) —"),
        help_text=_("Only delegates of the group’s countries can report for it."),
    )
    full_name = forms.CharField(label=_("New delegate’s full name"), max_length=200, required=False)
    country = forms.ModelChoiceField(
        queryset=None, required=False, label=_("Country or territory"), empty_label=_("Choose…")
    )
    email = forms.EmailField(
        label=_("Email"), required=False, help_text=_("To send the private link by email. You can add it later.")
    )
    sessions = forms.ChoiceField(
        label=_("Rapporteur in"), choices=SessionScope.choices, initial=SessionScope.THIS, widget=forms.RadioSelect
    )
    replace = forms.BooleanField(
        label=_("Replace the current rapporteur where there is one"),
        required=False,
        help_text=_("Their link stops working at once."),
    )

    def __init__(self, *args, group, session, can_add_people, **kwargs):
        super().__init__(*args, **kwargs)
        self.group, self.session, self.can_add_people = group, session, can_add_people
        countries = group.countries.order_by("name")
        self.fields["participant"].queryset = (
            Participant.objects.filter(conference_id=group.conference_id, country__in=countries)
            .select_related("country")
            .order_by("full_name", "pk")
        )
        self.fields["country"].queryset = countries
        self.fields["sessions"].choices = [
            (SessionScope.THIS, _("Session %(number)s only") % {"number": session.number}),
            (SessionScope.ALL, _("Every breakout session (the same person for the group all along)")),
        ]

    def clean(self):
        data = super().clean()
        participant, full_name = data.get("participant"), " ".join(data.get("full_name", "").split())
        data["full_name"] = full_name
        if participant and (full_name or data.get("country") or data.get("email")):
            raise forms.ValidationError(
                _("Choose a delegate from the list or type a new one, not both: clear one of the two.")
            )
        if not participant:
            if not full_name and not data.get("country"):
                if "participant" not in self.errors:
                    self.add_error("participant", _("Choose a delegate of the group, or type a new one below."))
            elif not full_name:
                self.add_error("full_name", _("Type the new delegate’s full name."))
            elif not data.get("country") and "country" not in self.errors:
                self.add_error("country", _("Choose the new delegate’s country or territory (one of the group’s)."))
            elif not self.can_add_people:
                raise forms.ValidationError(
                    _("Your account may not add participants: choose a delegate from the list.")
                )
        return data

    def new_delegate(self):
        """The new delegate's details, or None when one was chosen from the list."""
        if self.cleaned_data["participant"]:
            return None
        return {key: self.cleaned_data[key] for key in ("full_name", "country", "email")}

    def chosen_sessions(self):
        if self.cleaned_data["sessions"] == SessionScope.ALL:
            return Session.objects.breakouts().filter(conference_id=self.group.conference_id)
        return Session.objects.filter(pk=self.session.pk)


# The conference's conclusions: a few pages at most.
CONCLUSIONS_LIMIT = 20000


class OutcomeForm(forms.ModelForm):
    """The conference's conclusions in each language of the site (English first, shown where a translation is
    missing), and whether the list of participants is also a public page."""

    class Meta:
        model = Conference
        fields = [*(f"conclusions_{code}" for code, _name in settings.LANGUAGES), "participants_public"]
        widgets = {f"conclusions_{code}": forms.Textarea(attrs={"rows": 8}) for code, _name in settings.LANGUAGES}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for code, _name in settings.LANGUAGES:
            field = self.fields[f"conclusions_{code}"]
            field.label = _("Conclusions (%(language)s)") % {"language": get_language_info(code)["name_translated"]}
            field.help_text = MARKDOWN_HELP if code == settings.LANGUAGE_CODE else ""
            field.max_length = CONCLUSIONS_LIMIT
            field.validators.append(MaxLengthValidator(CONCLUSIONS_LIMIT))
            field.widget.attrs["maxlength"] = CONCLUSIONS_LIMIT
