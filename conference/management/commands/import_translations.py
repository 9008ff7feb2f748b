"""Import a translator's PO file into a conference's texts: import_translations caribbean fr caribbean-fr.po"""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from conference import services
from conference.models import Conference


class Command(BaseCommand):
    help = "Import a translated PO file (from export_translations) into a conference's texts."

    def add_arguments(self, parser):
        parser.add_argument("conference", help="The conference's short name, e.g. caribbean.")
        parser.add_argument("language", choices=services.TRANSLATED_LANGUAGES)
        parser.add_argument("file", help="The translated PO file.")

    def handle(self, *args, conference, language, file, **options):
        found = Conference.objects.filter(slug=conference).first()
        if found is None:
            raise CommandError(f"No conference with the short name {conference!r}.")
        try:
            result = services.import_translation(conference=found, language=language, content=Path(file).read_bytes())
        except (OSError, ValidationError) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"{result.updated} texts translated, {result.unchanged} unchanged, {result.untranslated} left in English."
        )
        for label, entries in (
            ("Drafts (fuzzy), not imported", result.drafts),
            ("English changed since", result.outdated),
        ):
            for text in entries:
                self.stdout.write(f"{label}: {text[:70]}")
        for text, why in result.refused:
            self.stdout.write(f"Refused ({why}): {text[:70]}")
