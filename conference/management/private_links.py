"""What the commands that hand out a private link share (nominate_rapporteur, nominate_facilitator): choosing the
conference, finding a country, and printing the link with its expiry and, on request, its QR code."""

import io

import segno
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q
from django.urls import reverse

from conference.models import Conference


class PrivateLinkCommand(BaseCommand):
    """A command that gives someone a private link and prints it."""

    def conference(self, slug):
        """The conference with this short name, or the only one there is."""
        if slug:
            try:
                return Conference.objects.get(slug=slug)
            except Conference.DoesNotExist:
                raise CommandError(f"There is no conference “{slug}”.") from None
        conferences = list(Conference.objects.all()[:21])
        if len(conferences) == 1:
            return conferences[0]
        if not conferences:
            raise CommandError("There is no conference yet: load one first (loaddata caribbean_conference).")
        names = ", ".join(c.slug for c in conferences)
        raise CommandError(f"There are several conferences ({names}): choose one with --conference.")

    def country(self, conference, name_or_code, hint=""):
        """The conference's country or territory with this name or ISO code; `hint` follows the error message."""
        wanted = " ".join(name_or_code.split())
        match = conference.countries.filter(Q(name__iexact=wanted) | Q(code__iexact=wanted)).first()
        if match is None:
            message = f"There is no country or territory “{wanted}” in {conference}."
            raise CommandError(f"{message} {hint}" if hint else message)
        return match

    def write_link(self, nomination, url_name, base_url):
        """Print the nomination's link (the page `url_name` with its key) and until when it works; return the link."""
        link = base_url.rstrip("/") + reverse(url_name, kwargs={"token": nomination.token})
        self.stdout.write(f"Private link: {link}")
        if not base_url:
            self.stdout.write("Put the site's address in front of it (or run again with --base-url).")
        expires_at = nomination.expires_at
        if expires_at:
            self.stdout.write(f"The link works until {expires_at:%Y-%m-%d %H:%M} ({expires_at.tzinfo}).")
        else:
            self.stdout.write("The link works until it is revoked (the conference has no last day yet).")
        return link

    def write_qr(self, link):
        """Print the link as a QR code that a phone can read from the terminal."""
        drawing = io.StringIO()
        segno.make(link, error="m").terminal(out=drawing, compact=True)
        self.stdout.write(drawing.getvalue(), ending="")
