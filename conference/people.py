"""People in bulk: delegates (name, email, country) and partners (name, email, organisation), each with their language
(an optional column), imported from CSV or Excel into one conference, and exported in the same columns, through
django-import-export in the admin.

An import is checked whole before anything is saved: the admin shows a preview, or every row's errors and saves
nothing (one bad row keeps the whole file out, so that no file is ever half imported). A row whose email address is
already registered for the conference updates that person instead of adding them twice.

Cells are data, never formulas: an imported cell starting with a character that spreadsheets read as the start of a
formula is refused, naming the cell, and an exported one (entered before, or through another form) is written with an
apostrophe before it, in CSV and in Excel alike. django-import-export's own escaping
(IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT) removes one leading "=" only: "==1+1" stays a formula, and "+1+1" or
"@SUM(…)" are formulas once a CSV file is opened in a spreadsheet.
"""

import re

import django_countries
from diff_match_patch import diff_match_patch
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.encoding import force_str
from django.utils.html import format_html, format_html_join
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _
from import_export import fields, resources, widgets
from import_export.formats.base_formats import CSV, XLSX
from import_export.forms import ConfirmImportForm, ImportForm

from .models import Conference, Country, Organisation, Participant
from .text import unsafe_character
from .uploads import check_record_count, check_upload, check_workbook

# What spreadsheets read as the start of a formula (OWASP's list for CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def formula_start(text):
    """The character a spreadsheet would read as the start of a formula in `text`, or None."""
    return text[0] if isinstance(text, str) and text.startswith(FORMULA_STARTS) else None


def no_formula(value):
    """Refuse text that a spreadsheet would read as a formula (a validator for the forms people fill in)."""
    if formula_start(value):
        raise ValidationError(formula_message(value), code="formula")


def formula_message(text):
    character = {"\t": _("a tab"), "\r": _("a line break")}.get(text[0], f"“{text[0]}”")
    return _("This may not start with %(character)s, which spreadsheets read as the start of a formula.") % {
        "character": character
    }


def as_data(value):
    """A cell's value as data: text a spreadsheet would read as a formula gets an apostrophe before it."""
    return f"'{value}" if formula_start(value) else value


def tidy_cell(value):
    """A cell's tidied text (see tidy), refused (ValueError, shown for the cell) if a spreadsheet would read it as a
    formula, or if it holds a control character or a bidirectional override (conference.text)."""
    text = tidy(value)
    character = unsafe_character(text)
    if character:
        # The text itself is not repeated: an override in it would reorder the message around it.
        raise ValueError(
            _("This cell holds an invisible control or direction character (%(character)s): remove it.")
            % {"character": character}
        )
    if formula_start(text):
        raise ValueError(f"“{text}”: {formula_message(text)}")
    return text


def tidy(value):
    """A cell's text without its surrounding and repeated spaces, line breaks and tabs."""
    return " ".join(str(value if value is not None else "").split())


class ConferenceWidget(widgets.Widget):
    """A cell naming a record of one conference."""

    def __init__(self, conference):
        super().__init__()
        self.conference = conference


class CountryWidget(ConferenceWidget):
    """A country or territory of the conference, by the name its documents use or by its ISO 3166-1 code."""

    def clean(self, value, row=None, **kwargs):
        text = tidy_cell(value)
        if not text:
            return None
        countries = Country.objects.filter(conference=self.conference)
        country = countries.filter(name__iexact=text).first() or countries.filter(code=text.upper()).first()
        if country is None:
            country = self.by_name_variant(countries, text)
        if country is None:
            raise ValueError(
                _("“%(value)s” is not a country or territory of this conference (give its name or ISO code).")
                % {"value": text}
            )
        return country

    def by_name_variant(self, countries, text):
        """The country a common variant of its name means: "St Lucia" or "St. Lucia" for "Saint Lucia", "Trinidad &
        Tobago" for "Trinidad and Tobago", or the English name django-countries knows for its code."""
        key = name_key(text)
        found = [country for country in countries if name_key(country.name) == key]
        if not found:
            with translation.override("en"):
                codes = {code for code, name in django_countries.countries if name_key(name) == key}
            found = [country for country in countries if country.code in codes]
        return found[0] if len(found) == 1 else None

    def render(self, value, obj=None, **kwargs):
        return value.name if value else ""


def name_key(name):
    """A country's name for comparison: any case, "St"/"St." read as "Saint", "&" as "and", no dots or commas."""
    words = re.sub(r"[.,]", " ", str(name).lower().replace("&", " and ")).split()
    return " ".join("saint" if word == "st" else word for word in words)


class OrganisationWidget(ConferenceWidget):
    """A partner organisation of the conference by its name (any case); a new name is recorded as a new organisation."""

    def clean(self, value, row=None, **kwargs):
        text = tidy_cell(value)
        if not text:
            return None
        if len(text) > Organisation._meta.get_field("name").max_length:
            raise ValueError(_("An organisation’s name has at most 200 characters."))
        existing = Organisation.objects.filter(conference=self.conference, name__iexact=text).first()
        return existing or Organisation.objects.create(conference=self.conference, name=text)

    def render(self, value, obj=None, **kwargs):
        return value.name if value else ""


class LanguageWidget(widgets.Widget):
    """A participant's language, by its code (fr) or its name in English or in itself (French, français); blank for
    the site's default."""

    def clean(self, value, row=None, **kwargs):
        text = tidy_cell(value).casefold()
        if not text:
            return ""
        for code, _name in settings.LANGUAGES:
            info = get_language_info(code)
            if text in {code, info["name"].casefold(), info["name_local"].casefold()}:
                return code
        raise ValueError(
            _("“%(value)s” is not a language of this site: give one of %(codes)s, or leave it blank.")
            % {"value": tidy(value), "codes": ", ".join(code for code, _name in settings.LANGUAGES)}
        )

    def render(self, value, obj=None, **kwargs):
        return value or ""


class ListedWidget(widgets.Widget):
    """Whether the person is in the list of participants: yes or no (1 or 0, true or false); blank is yes."""

    YES = {"yes", "y", "true", "1", "x"}
    NO = {"no", "n", "false", "0"}

    def clean(self, value, row=None, **kwargs):
        text = tidy_cell(value).casefold()
        if not text or text in self.YES:
            return True
        if text in self.NO:
            return False
        raise ValueError(_("“%(value)s”: write yes or no, or leave it blank for yes.") % {"value": tidy(value)})

    def render(self, value, obj=None, **kwargs):
        return "yes" if value else "no"


class TextWidget(widgets.CharWidget):
    """Text with its spaces tidied: a cell's surrounding and repeated spaces, line breaks and tabs are not kept."""

    def clean(self, value, row=None, **kwargs):
        return tidy_cell(value)


class PlainDiff(resources.Diff):
    """The preview's changes marked with <ins> and <del> only: import-export's own diff writes inline style attributes,
    which the Content-Security-Policy refuses (its stylesheet colours <ins> and <del> already)."""

    TAGS = {diff_match_patch.DIFF_EQUAL: "{}", diff_match_patch.DIFF_INSERT: "<ins>{}</ins>"}
    TAGS[diff_match_patch.DIFF_DELETE] = "<del>{}</del>"

    def as_html(self):
        matcher, columns = diff_match_patch(), []
        for old, new in zip(self.left, self.right, strict=True):
            changes = matcher.diff_main("" if old != new and self.new else force_str(old), force_str(new))
            matcher.diff_cleanupSemantic(changes)
            columns.append(format_html_join("", "{}", ((format_html(self.TAGS[op], text),) for op, text in changes)))
        return columns


class ParticipantResource(resources.ModelResource):
    """The columns of a people file: name, email, country (delegates) or organisation (partners), and optionally
    language, function and listed."""

    name = fields.Field(attribute="full_name", column_name="name", widget=TextWidget())
    email = fields.Field(attribute="email", column_name="email", widget=TextWidget())
    country = fields.Field(attribute="country", column_name="country")
    organisation = fields.Field(attribute="organisation", column_name="organisation")
    # Optional: a file without this column leaves everyone's language as it is.
    language = fields.Field(attribute="language", column_name="language", widget=LanguageWidget())
    # Optional too: the job title, and whether the person is in the list of participants (blank: yes).
    function = fields.Field(attribute="function", column_name="function", widget=TextWidget())
    listed = fields.Field(attribute="listed", column_name="listed", widget=ListedWidget())

    class Meta:
        model = Participant
        fields = ("name", "email", "country", "organisation", "language", "function", "listed")
        import_id_fields = ()
        clean_model_instances = True  # in validate_instance below
        skip_unchanged = True
        report_skipped = True
        use_transactions = True

    def __init__(self, conference=None, **kwargs):
        super().__init__(**kwargs)
        self.conference = conference
        self.fields["country"].widget = CountryWidget(conference)
        self.fields["organisation"].widget = OrganisationWidget(conference)

    def get_diff_class(self):
        return PlainDiff

    def before_import(self, dataset, **kwargs):
        self.emails_in_file = set()
        super().before_import(dataset, **kwargs)

    def get_instance(self, instance_loader, row):
        """The conference's participant with the row's email address, to update; None for a new one (and for an
        address an earlier row of the file already has: that row is refused, not merged into the other)."""
        email = tidy(row.get("email")).lower()
        if not email or self.conference is None or email in self.emails_in_file:
            return None
        self.emails_in_file.add(email)
        return Participant.objects.filter(conference=self.conference, email__iexact=email).first()

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        """The checks the admin's form makes, each said once, under the file's column names: a cell that could not
        be read is not reported again as missing, and the database's rules are said in the model's words."""
        errors = dict(import_validation_errors or {})
        try:
            instance.clean_fields(exclude=list(errors))
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if not {"country", "organisation"} & errors.keys():
            try:
                instance.clean()
            except ValidationError as error:
                errors = error.update_error_dict(errors)
        duplicate = Participant.objects.filter(conference_id=instance.conference_id, email__iexact=instance.email)
        if instance.email and "email" not in errors and duplicate.exclude(pk=instance.pk).exists():
            errors["email"] = [_("Someone with this email address is already registered, or on an earlier row.")]
        if "full_name" in errors:
            errors["name"] = errors.pop("full_name")
        if errors:
            raise ValidationError(errors)

    def init_instance(self, row=None):
        return Participant(conference=self.conference)

    def export_field(self, field, instance, **kwargs):
        return as_data(super().export_field(field, instance, **kwargs))

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related("country", "organisation")


# No column of a people file holds more than 254 characters (an email address): a longer cell is refused with the
# whole file, before the preview, which shows the rows it refuses as they are.
MAX_CELL_CHARACTERS = 1000


def check_people_file(upload, file_format):
    """Refuse (ValidationError) a people file too large to read, from its size and, for a workbook, the sizes its
    parts inflate to: nothing of it is read into memory."""
    check_upload(upload)
    if issubclass(file_format, XLSX):
        check_workbook(upload)


def check_rows(dataset):
    """Refuse (ValidationError) a people file with more rows than one import takes, or with a cell longer than any
    column holds (named by its row, numbered as in the preview, and its column)."""
    check_record_count(len(dataset), what=_("rows"))
    headers = [str(header) for header in dataset.headers or []]
    for column, header in enumerate(headers, start=1):
        if len(header) > MAX_CELL_CHARACTERS:
            raise ValidationError(
                _("The heading of column %(column)s has %(length)s characters; a cell holds at most %(limit)s.")
                % {"column": column, "length": f"{len(header):,}", "limit": f"{MAX_CELL_CHARACTERS:,}"}
            )
    for number, row in enumerate(dataset, start=1):
        for column, value in enumerate(row, start=1):
            if isinstance(value, str) and len(value) > MAX_CELL_CHARACTERS:
                raise ValidationError(
                    _("Row %(row)s, column “%(name)s”: %(length)s characters; a cell holds at most %(limit)s.")
                    % {
                        "row": number,
                        "name": headers[column - 1] if column <= len(headers) else column,
                        "length": f"{len(value):,}",
                        "limit": f"{MAX_CELL_CHARACTERS:,}",
                    }
                )


class BoundedCSV(CSV):
    """CSV, with the rows checked as soon as they are read (check_rows)."""

    def create_dataset(self, in_stream, **kwargs):
        dataset = super().create_dataset(in_stream, **kwargs)
        check_rows(dataset)
        return dataset


class BoundedXLSX(XLSX):
    """Excel, with the rows checked as soon as they are read (check_rows); the file's inflated size was checked
    before (check_people_file)."""

    def create_dataset(self, in_stream):
        dataset = super().create_dataset(in_stream)
        check_rows(dataset)
        return dataset


class PeopleImportForm(ImportForm):
    """The admin's import form, with the conference the people are for."""

    conference = forms.ModelChoiceField(
        queryset=Conference.objects.all(), label=_("Conference"), help_text=_("The people are added to this one.")
    )
    field_order = ["conference", "resource", "import_file", "format"]

    def __init__(self, formats, resources, **kwargs):
        super().__init__(formats, resources, **kwargs)
        conferences = list(Conference.objects.all()[:2])
        if len(conferences) == 1:
            self.fields["conference"].initial = conferences[0].pk
        # No "---": the first format until a file is chosen, then the one its extension names (import-export's
        # guess_format script).
        self.fields["format"].choices = [choice for choice in self.fields["format"].choices if choice[0] != ""]
        self.fields["format"].initial = self.fields["format"].choices[0][0]
        self.formats = formats

    def clean(self):
        data = super().clean()
        if data.get("import_file") is not None and data.get("format"):
            try:
                check_people_file(data["import_file"], self.formats[int(data["format"])])
            except ValidationError as error:
                self.add_error("import_file", error)
        return data


class PeopleConfirmForm(ConfirmImportForm):
    conference = forms.ModelChoiceField(queryset=Conference.objects.all(), widget=forms.HiddenInput)


class PeopleImportExportMixin:
    """ImportExportMixin's settings for people: the conference chosen on the form reaches the resource."""

    resource_classes = [ParticipantResource]
    formats = [BoundedCSV, BoundedXLSX]
    import_form_class = PeopleImportForm
    confirm_form_class = PeopleConfirmForm
    import_error_display = ("message",)
    import_template_name = "admin/conference/participant/import.html"

    def get_import_resource_kwargs(self, request, **kwargs):
        form = kwargs.get("form")
        conference = (
            form.cleaned_data.get("conference") if form is not None and form.is_bound and form.is_valid() else None
        )
        return {**super().get_import_resource_kwargs(request, **kwargs), "conference": conference}

    def add_data_read_fail_error_to_form(self, form, e):
        """A file refused by check_rows says why; import-export's own message only names the exception."""
        if isinstance(e, ValidationError):
            form.add_error("import_file", e)
        else:
            super().add_data_read_fail_error_to_form(form, e)

    def get_confirm_form_initial(self, request, import_form):
        initial = super().get_confirm_form_initial(request, import_form)
        if import_form is not None:
            initial["conference"] = import_form.cleaned_data["conference"].pk
        return initial
