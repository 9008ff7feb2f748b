"""The admin's forms for texts participants read: each text in English, French, Spanish and Dutch side by side, in
one row, so that organisers see at a glance what is translated (django-modeltranslation's admin, with a row per
text instead of one language field under the other)."""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TranslationAdmin, TranslationStackedInline, TranslationTabularInline
from modeltranslation.utils import get_translation_fields

from . import services
from .models import Conference
from .uploads import check_upload


class SideBySide:
    """Puts each translated text's language fields on one row of the form (the admin lays a row side by side)."""

    def get_fieldsets(self, request, obj=None):
        rows_of = {}
        for original in self.trans_opts.all_fields:
            row = tuple(get_translation_fields(original))
            rows_of.update(dict.fromkeys(row, row))
        fieldsets = []
        for name, options in super().get_fieldsets(request, obj):
            rows, placed = [], set()
            for field in options["fields"]:
                row = rows_of.get(field) if isinstance(field, str) else None
                if row is None:
                    rows.append(field)
                elif row not in placed:
                    placed.add(row)
                    rows.append(row)
            fieldsets.append((name, {**options, "fields": rows}))
        return fieldsets


class SideBySideTranslationAdmin(SideBySide, TranslationAdmin):
    """A ModelAdmin whose translated texts show in every language side by side."""


class SideBySideTranslationStackedInline(SideBySide, TranslationStackedInline):
    """A stacked inline whose translated texts show in every language side by side."""


class TranslationTabularInlineAdmin(TranslationTabularInline):
    """A tabular inline with a column per language for each translated text (a table is side by side already)."""


class TranslationFileForm(forms.Form):
    language = forms.ChoiceField(label=_("Language of the translation"))
    file = forms.FileField(
        label=_("Translated PO file"),
        help_text=_("The file sent to the translator, translated."),
        validators=[check_upload],  # its size, before it is read
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = translated_languages()


def translated_languages():
    names = dict(settings.LANGUAGES)
    return [(code, names[code]) for code in services.TRANSLATED_LANGUAGES]


class TranslationFilesAdmin:
    """The conference's texts for a translator, and their translation back, from the conference's admin page: a
    PO file per language to download, and the translated file to upload (conference.services)."""

    def get_urls(self):
        return [
            path(
                "<int:conference_id>/translations/",
                self.admin_site.admin_view(self.translations_view),
                name="conference_conference_translations",
            ),
            path(
                "<int:conference_id>/translations/<str:language>.po",
                self.admin_site.admin_view(self.translation_file_view),
                name="conference_conference_translation_file",
            ),
            *super().get_urls(),
        ]

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None:
            return fieldsets
        return [*fieldsets, (_("Translations"), {"fields": ["translation_files"]})]

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), "translation_files"]

    @admin.display(description=_("texts for a translator"))
    def translation_files(self, obj):
        if obj is None or obj.pk is None:
            return "–"
        url = reverse("admin:conference_conference_translations", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("Export the texts for a translator, import a translation"))

    def _conference(self, request, conference_id, permission):
        conference = get_object_or_404(Conference, pk=conference_id)
        if not permission(request, conference):
            raise PermissionDenied
        return conference

    def translation_file_view(self, request, conference_id, language):
        conference = self._conference(request, conference_id, self.has_view_permission)
        if language not in services.TRANSLATED_LANGUAGES:
            raise Http404
        content = services.translation_file(conference=conference, language=language)
        response = HttpResponse(content, content_type="text/x-gettext-translation; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{conference.slug}-{language}.po"'
        return response

    def translations_view(self, request, conference_id):
        conference = self._conference(request, conference_id, self.has_view_permission)
        can_import = self.has_change_permission(request, conference)
        form = TranslationFileForm()
        if request.method == "POST":
            if not can_import:
                raise PermissionDenied
            form = TranslationFileForm(request.POST, request.FILES)
            if form.is_valid():
                upload = form.cleaned_data["file"]
                try:
                    result = services.import_translation(
                        conference=conference, language=form.cleaned_data["language"], content=upload.read()
                    )
                except ValidationError as error:
                    form.add_error("file", error)
                else:
                    self._report(request, result)
                    return redirect(request.path)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Translations of the conference’s texts"),
            "conference": conference,
            "opts": self.model._meta,
            "original": conference,
            "languages": [
                (name, reverse("admin:conference_conference_translation_file", args=[conference.pk, code]))
                for code, name in translated_languages()
            ],
            "form": form if can_import else None,
        }
        return TemplateResponse(request, "admin/conference/conference/translations.html", context)

    def _report(self, request, result):
        self.message_user(
            request,
            ngettext("%(count)d text translated.", "%(count)d texts translated.", result.updated)
            % {"count": result.updated},
            messages.SUCCESS,
        )
        for label, texts in (
            (_("Drafts (marked fuzzy) left out, to review:"), result.drafts),
            (_("Left out because the English text has changed since the file was made:"), result.outdated),
        ):
            if texts:
                self.message_user(
                    request, f"{label} {len(texts)}: " + "; ".join(_short(t) for t in texts[:5]), messages.WARNING
                )
        if result.refused:
            refused = "; ".join(f"{_short(text)} ({why})" for text, why in result.refused[:5])
            self.message_user(request, _("Refused: %(entries)s") % {"entries": refused}, messages.ERROR)


def _short(text):
    text = " ".join(text.split())
    return text if len(text) <= 60 else text[:59] + "…"
