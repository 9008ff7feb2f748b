"""The participants' forms: find my group, and a partner's choice of group."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.db.models import Prefetch, Q
from django.forms.models import ModelChoiceIterator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from conference.languages import sort_key
from conference.models import Conference, Participant
from conference.people import no_formula
from conference.uploads import check_upload

from .models import GroupCountry, GroupPartner


class CountriesByName(ModelChoiceIterator):
    """The countries in the order of their names in the page's language."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for country in sorted(self.queryset, key=lambda country: sort_key(country.display_name)):
            yield self.choice(country)


class CountryChoiceField(forms.ModelChoiceField):
    """A country or territory, named in the page's language."""

    iterator = CountriesByName

    def label_from_instance(self, country):
        return country.display_name


class FindGroupForm(forms.Form):
    """Choose a country, or type a partner organisation or a person's name."""

    country = CountryChoiceField(
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
                    _("%(country)s is not in a group yet. Please ask the organisers.")
                    % {"country": country.display_name}
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
        return [{"label": country.display_name, "group": place.group, "country": country}] if place else []

    def _name_matches(self, name):
        """The people and organisations the organisers entered whose name (or acronym) has `name` in it, and those
        of sign-ups once the organisers confirmed a place: each with its group, or None while it has none."""
        conference = self.conference
        confirmed = GroupPartner.objects.confirmed().select_related("group")
        people = (
            Participant.objects.filter(conference=conference, full_name__icontains=name)
            .filter(Q(from_signup=False) | Q(group_places__confirmed_at__isnull=False))
            .distinct()
            .select_related("country", "organisation")
            .prefetch_related(Prefetch("group_places", queryset=confirmed, to_attr="confirmed_places"))
        )
        people = list(people)
        country_groups = {
            place.country_id: place.group
            for place in GroupCountry.objects.filter(
                country__in={person.country_id for person in people if person.country_id}
            ).select_related("group")
        }
        found = []
        for person in people:
            if person.country_id:
                group = country_groups.get(person.country_id)
            else:
                group = person.confirmed_places[0].group if person.confirmed_places else None
            found.append({"label": str(person), "group": group})
        organisations = list(
            conference.organisations.filter(Q(name__icontains=name) | Q(acronym__icontains=name))
            .filter(Q(from_signup=False) | Q(participants__group_places__confirmed_at__isnull=False))
            .distinct()
        )
        groups = {}
        places = confirmed.filter(participant__organisation__in=organisations).select_related("participant")
        for place in places.order_by("group__number"):
            groups.setdefault(place.participant.organisation_id, {})[place.group_id] = place.group
        for organisation in organisations:
            for group in groups.get(organisation.pk, {None: None}).values():
                found.append({"label": str(organisation), "group": group})
        return found


class GroupChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, group):
        countries = ngettext(
            "%(count)d country or territory", "%(count)d countries and territories", group.country_count
        ) % {"count": group.country_count}
        partners = ngettext("%(count)d partner participant", "%(count)d partner participants", group.partner_count) % {
            "count": group.partner_count
        }
        return f"{group.display_name}: {countries}, {partners}"


class PartnerSignupForm(forms.Form):
    """A partner participant's choice of group."""

    # Names go into the organisers' spreadsheets: none may start as a formula would (conference.people).
    full_name = forms.CharField(label=_("Your full name"), max_length=200, validators=[no_formula])
    organisation = forms.CharField(
        label=_("Your organisation"),
        max_length=200,
        validators=[no_formula],
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


class CopyConferenceForm(forms.ModelForm):
    """The new conference's short name (and, if known, its region and name) when copying a conference."""

    class Meta:
        model = Conference
        fields = ["slug", "region", "name"]


class ConferenceFileForm(forms.Form):
    """A file in the fixture's format, and optionally another short name for the conference it describes."""

    file = forms.FileField(
        label=_("File"),
        validators=[check_upload],  # its size, before it is read
        help_text=_(
            "A JSON file in the format of fixtures/caribbean_conference.json: the conference, then its thematic areas, "
            "countries, groups, sessions, segments, breakouts and questions, naming each other by natural keys."
        ),
    )
    slug = forms.SlugField(
        label=_("Short name for web addresses"),
        required=False,
        max_length=50,
        help_text=_("Leave blank to keep the file’s. Lower-case letters, digits and hyphens, e.g. “pacific-2027”."),
    )
