"""Write a conference's texts for a translator as a PO file: export_translations caribbean fr > caribbean-fr.po"""

import sys

from django.core.management.base import BaseCommand, CommandError

from conference import services
from conference.models import Conference


class Command(BaseCommand):
    help = "Write a conference's texts (names, titles, topics, questions…) for a translator, as a PO file."

    def add_arguments(self, parser):
        parser.add_argument("conference", help="The conference's short name, e.g. caribbean.")
        parser.add_argument("language", choices=services.TRANSLATED_LANGUAGES)
        parser.add_argument("--output", help="A file to write (default: standard output).")

    def handle(self, *args, conference, language, output=None, **options):
        found = Conference.objects.filter(slug=conference).first()
        if found is None:
            raise CommandError(f"No conference with the short name {conference!r}.")
        content = services.translation_file(conference=found, language=language)
        if output:
            with open(output, "wb") as file:
                file.write(content)
        else:
            sys.stdout.buffer.write(content)
