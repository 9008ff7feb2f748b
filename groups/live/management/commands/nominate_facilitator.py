from django.core.exceptions import ValidationError
from django.core.management.base import CommandError
from django.db import transaction

from conference.management.private_links import PrivateLinkCommand
from conference.models import Participant
from groups.live import services
from sessions.models import Session


class Command(PrivateLinkCommand):
    help = (
        "Give a session's facilitator a private link to moderate its questions, and print it. Without a name, the "
        "facilitator the programme names is used. Examples: nominate_facilitator 1 --base-url https://conference.org; "
        'nominate_facilitator 2 "Full Name" --country Jamaica (creates the participant if needed).'
    )

    def add_arguments(self, parser):
        parser.add_argument("session", type=int, help="The session's number, e.g. 1.")
        parser.add_argument("full_name", nargs="?", default="", help="The facilitator's full name, in quotes.")
        where = parser.add_mutually_exclusive_group()
        where.add_argument("--country", help="To create the participant: their country's name or ISO code (JM).")
        where.add_argument("--organisation", help="To create the participant: their organisation's name.")
        parser.add_argument("--conference", help="The conference's short name; needed when there are several.")
        parser.add_argument(
            "--base-url", default="", help="The site's address, e.g. https://conference.example.org, for a full link."
        )
        parser.add_argument("--replace", action="store_true", help="Revoke the session's current link first.")
        parser.add_argument("--qr", action="store_true", help="Also print the link as a QR code.")

    def handle(self, *args, **options):
        conference = self.conference(options["conference"])
        session = (
            Session.objects.select_related("conference", "facilitator")
            .filter(conference=conference, number=options["session"])
            .first()
        )
        if session is None:
            raise CommandError(f"Session {options['session']} does not exist in {conference}.")
        try:
            with transaction.atomic():
                participant = self.participant(conference, session, options)
                nomination = services.nominate_facilitator(
                    session=session, participant=participant, replace=options["replace"]
                )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(f"{participant} facilitates session {session.number}: {session.title}.")
        link = self.write_link(nomination, "live:moderate", options["base_url"])
        if options["qr"]:
            self.write_qr(link)

    def participant(self, conference, session, options):
        """The named participant (created with --country or --organisation if needed), or the programme's
        facilitator of the session."""
        full_name = " ".join(options["full_name"].split())
        if not full_name:
            if session.facilitator is None:
                raise CommandError(
                    f"Session {session.number} has no facilitator in the programme: give the facilitator's name."
                )
            return session.facilitator
        existing = Participant.objects.filter(conference=conference, full_name__iexact=full_name)
        if options["country"]:
            country = self.country(conference, options["country"])
            return existing.filter(country=country).first() or Participant.objects.create(
                conference=conference, full_name=full_name, country=country
            )
        if options["organisation"]:
            name = " ".join(options["organisation"].split())
            organisation, _created = conference.organisations.get_or_create(name=name)
            return existing.filter(organisation=organisation).first() or Participant.objects.create(
                conference=conference, full_name=full_name, organisation=organisation
            )
        found = list(existing[:2])
        if len(found) == 1:
            return found[0]
        if not found:
            raise CommandError(
                f"No participant is called “{full_name}”: add --country or --organisation to create them."
            )
        raise CommandError(f"Several participants are called “{full_name}”: add --country or --organisation.")
