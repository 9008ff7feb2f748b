"""The site's forms: find my group, a partner's choice of group, and the rapporteur's report form."""

from dataclasses import dataclass

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from conference.models import Participant

from .models import (
    ACTIONS_MAX_LENGTH,
    ANSWER_MAX_LENGTH,
    CONCLUSIONS_MAX_LENGTH,
    GroupCountry,
    GroupPartner,
    LengthLimit,
    Question,
)


class FindGroupForm(forms.Form):
    """Choose a country, or type a partner organisation or a person's name."""

    country = forms.ModelChoiceField(
        queryset=None, required=False, label=_("Your country or territory"), empty_label=_("Choose…")
    )
    name = forms.CharField(
        required=False,
        max_length=200,
        label=_("Or your organisation or your name"),
        help_text=_("For participants from partner organisations."),
    )

    def __init__(self, *args, conference, **kwargs):
        super().__init__(*args, **kwargs)
        self.conference = conference
        self.fields["country"].queryset = conference.countries.order_by("name")
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.form_tag = True
        self.helper.disable_csrf = True
        self.helper.add_input(Submit("find", _("Find my group")))

    def clean(self):
        data = super().clean()
        country, name = data.get("country"), data.get("name", "").strip()
        if not country and not name:
            raise forms.ValidationError(_("Choose your country or territory, or type your organisation or name."))
        data["matches"] = self._country_matches(country) if country else self._name_matches(name)
        if not data["matches"]:
            if country:
                raise forms.ValidationError(
                    _("%(country)s is not in a group yet. Please ask the organisers.") % {"country": country}
                )
            raise forms.ValidationError(
                _("No participant or organisation matches “%(name)s”. Check the spelling, or choose your country.")
                % {"name": name}
            )
        return data

    def matches(self):
        """Each match as {"label", "group"}: one country, or the people and organisations the name finds."""
        return self.cleaned_data["matches"]

    def _country_matches(self, country):
        place = GroupCountry.objects.select_related("group").filter(country=country).first()
        return [{"label": country.name, "group": place.group}] if place else []

    def _name_matches(self, name):
        partners = GroupPartner.objects.filter(group__conference=self.conference).select_related(
            "group", "participant__organisation"
        )
        found = [
            {"label": str(place.participant), "group": place.group}
            for place in partners.filter(participant__full_name__icontains=name)
        ]
        found += [
            {"label": str(place.participant), "group": place.group}
            for place in partners.filter(participant__organisation__name__icontains=name).exclude(
                participant__full_name__icontains=name
            )
        ]
        delegates = Participant.objects.filter(
            conference=self.conference, full_name__icontains=name, country__isnull=False
        ).select_related("country")
        places = {
            place.country_id: place.group
            for place in GroupCountry.objects.filter(country__in=[d.country_id for d in delegates]).select_related(
                "group"
            )
        }
        found += [{"label": str(d), "group": places[d.country_id]} for d in delegates if d.country_id in places]
        return found


class GroupChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, group):
        countries = ngettext(
            "%(count)d country or territory", "%(count)d countries and territories", group.country_count
        ) % {"count": group.country_count}
        partners = ngettext("%(count)d partner participant", "%(count)d partner participants", group.partner_count) % {
            "count": group.partner_count
        }
        return f"{group}: {countries}, {partners}"


class PartnerSignupForm(forms.Form):
    """A partner participant's choice of group."""

    full_name = forms.CharField(label=_("Your full name"), max_length=200)
    organisation = forms.CharField(
        label=_("Your organisation"),
        max_length=200,
        widget=forms.TextInput(attrs={"list": "organisation-names", "autocomplete": "organization"}),
    )
    email = forms.EmailField(
        label=_("Your email address"),
        max_length=254,
        help_text=_("Only the organisers see it."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    group = GroupChoiceField(queryset=None, label=_("The group you join"), widget=forms.RadioSelect, empty_label=None)

    def __init__(self, *args, conference, groups, **kwargs):
        super().__init__(*args, **kwargs)
        self.conference = conference
        self.fields["group"].queryset = groups
        self.fields["full_name"].widget.attrs["autocomplete"] = "name"
        self.helper = FormHelper()
        self.helper.add_input(Submit("join", _("Join this group")))

    def clean_full_name(self):
        return " ".join(self.cleaned_data["full_name"].split())

    def clean_organisation(self):
        return " ".join(self.cleaned_data["organisation"].split())

    def clean_email(self):
        email = self.cleaned_data["email"]
        existing = (
            Participant.objects.filter(conference=self.conference, email__iexact=email)
            .prefetch_related("group_places__group")
            .first()
        )
        if existing:
            places = list(existing.group_places.all())
            if places:
                raise forms.ValidationError(
                    _(
                        "This email address has already chosen a group (%(group)s). "
                        "To change group, please write to the organisers."
                    )
                    % {"group": places[0].group}
                )
            raise forms.ValidationError(_("This email address is already registered for this conference."))
        return email


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
