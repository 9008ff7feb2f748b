from django.core.exceptions import ValidationError
from django.core.management.base import CommandError
from django.db import transaction

from conference.management.private_links import PrivateLinkCommand
from conference.models import Participant
from groups.models import Breakout
from groups.reports import services


class Command(PrivateLinkCommand):
    help = (
        "Nominate a group's rapporteur for a breakout session and print their private link. "
        "The participant is created if needed. Example: "
        'nominate_rapporteur 1 1 "Full Name" Jamaica --base-url https://conference.example.org'
    )

    def add_arguments(self, parser):
        parser.add_argument("session", type=int, help="The session's number, e.g. 1.")
        parser.add_argument("group", type=int, help="The group's number, e.g. 1.")
        parser.add_argument("full_name", help="The rapporteur's full name, in quotes.")
        parser.add_argument("country", help="The country's name as the document writes it, or its ISO code (JM).")
        parser.add_argument("--conference", help="The conference's short name; needed when there are several.")
        parser.add_argument(
            "--base-url",
            default="",
            help="The site's address, e.g. https://conference.example.org, to print a complete link.",
        )
        parser.add_argument(
            "--replace", action="store_true", help="Revoke the breakout's current rapporteur and link first."
        )
        parser.add_argument("--qr", action="store_true", help="Also print the link as a QR code.")

    def handle(self, *args, **options):
        conference = self.conference(options["conference"])
        breakout = self.breakout(conference, options["session"], options["group"])
        country = self.country(
            conference,
            options["country"],
            hint="Use its name as the document writes it (e.g. “St. Kitts and Nevis”) or its ISO code (e.g. KN).",
        )
        full_name = " ".join(options["full_name"].split())
        if not full_name:
            raise CommandError("Give the rapporteur's full name.")
        try:
            with transaction.atomic():
                participant = self.participant(conference, full_name, country)
                nomination = services.nominate_rapporteur(
                    breakout=breakout, participant=participant, replace=options["replace"]
                )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(
            f"{participant.full_name} ({country.name}) is the rapporteur of session {breakout.session.number}, "
            f"{breakout.group}: {breakout.topic}."
        )
        link = self.write_link(nomination, "reports:report", options["base_url"])
        for warning in nomination.warnings():
            self.stderr.write(self.style.WARNING(f"Note: {warning}"))
        if options["qr"]:
            self.write_qr(link)

    def breakout(self, conference, session_number, group_number):
        if not conference.sessions.filter(number=session_number).exists():
            raise CommandError(f"Session {session_number} does not exist in {conference}.")
        if not conference.breakout_groups.filter(number=group_number).exists():
            raise CommandError(f"Group {group_number} does not exist in {conference}.")
        try:
            return Breakout.objects.select_related("session__conference", "group").get(
                session__conference=conference, session__number=session_number, group__number=group_number
            )
        except Breakout.DoesNotExist:
            raise CommandError(
                f"Group {group_number} has no breakout in session {session_number}: groups meet in the "
                "breakout sessions only."
            ) from None

    def participant(self, conference, full_name, country):
        existing = Participant.objects.filter(conference=conference, full_name__iexact=full_name)
        same_country = existing.filter(country=country).first()
        if same_country:
            return same_country
        return Participant.objects.create(conference=conference, full_name=full_name, country=country)
