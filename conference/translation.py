"""The conference's texts that participants read, entered by the organisers in every language of the site
(django-modeltranslation: a column per language, read in the current language with English as the fallback).

Each registration says where its records' conference is (`conference_path`), and its place in the file organisers
send to a translator (`position`; conference.services.translation_file).
"""

from modeltranslation.translator import TranslationOptions, register

from .models import Conference, ThematicArea


@register(Conference)
class ConferenceTranslation(TranslationOptions):
    fields = ("name", "region", "aim", "modalities", "conclusions")
    conference_path = "pk"
    position = 1


@register(ThematicArea)
class ThematicAreaTranslation(TranslationOptions):
    fields = ("title",)
    conference_path = "conference"
    position = 2
