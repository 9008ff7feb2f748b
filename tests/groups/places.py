"""A partner's place by the mailed link, as the join page and the link's page make it, for the tests."""

import re

from django.core import mail

from groups import services

# The confirmation mail and page for Dana Doe in Group 2, in each language but English: (language, the mail's
# subject, its first line, the link page's button).
CONFIRMATION_IN_LANGUAGES = [
    (
        "fr",
        "Confirmez votre place dans le Groupe 2 – Conférence régionale Caribbean",
        "Bonjour Dana Doe,",
        "Confirmer ma place dans le Groupe 2",
    ),
    (
        "es",
        "Confirme su lugar en el Grupo 2 – Conferencia regional Caribbean",
        "Estimado/a Dana Doe:",
        "Confirmar mi lugar en el Grupo 2",
    ),
    (
        "nl",
        "Bevestig uw plaats in Groep 2 – Regionale conferentie Caribbean",
        "Beste Dana Doe,",
        "Mijn plaats in Groep 2 bevestigen",
    ),
]

CSRF_TOKEN = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]+"')


def without_csrf_token(content):
    """A page's bytes with only its CSRF tokens replaced (they differ at every answer)."""
    return CSRF_TOKEN.sub(b'name="csrfmiddlewaretoken" value="-"', content)


def link_in(message):
    """The one link of a confirmation mail."""
    [link] = [line for line in message.body.splitlines() if line.startswith("http")]
    return link


def path_of(link):
    return link.removeprefix("http://testserver")


def request_place(client, conference, *, group, full_name, organisation, email, language=""):
    """Fill in the join page (in `language`'s address); returns the answer followed, and the mail it sent."""
    prefix = f"/{language}" if language else ""
    sent = len(mail.outbox)
    data = {"full_name": full_name, "organisation": organisation, "email": email, "group": group.pk}
    response = client.post(f"{prefix}/{conference.slug}/groups/join/", data, follow=True)
    assert len(mail.outbox) == sent + 1, response.content.decode()
    return response, mail.outbox[-1]


def place_by_link(conference, *, group, full_name, organisation_name, email, language="en"):
    """The place a partner's followed link records (services, without the pages)."""
    token = services.place_link_token(
        conference=conference,
        group=group,
        full_name=full_name,
        organisation_name=organisation_name,
        email=email,
        language=language,
    )
    return services.take_place(request=services.read_place_link(conference=conference, token=token))
