"""The rapporteurs' link mails go in each person's language (issue 18, point 4: "Mails go out in English to Haiti
and Suriname"), through a real SMTP server on 127.0.0.1."""

import pytest

from conference.models import Participant
from groups.models import Breakout
from groups.reports import services
from groups.reports.models import RapporteurNomination
from tests.reports.test_console import delegate, subject

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "expected_subject", "greeting", "prefix"),
    [
        ("", "Your rapporteur link – Caribbean regional conference", "Dear Ann Example,", ""),
        ("fr", "Votre lien de rapporteur – Conférence régionale Caribbean", "Bonjour Ann Example,", "/fr"),
        ("es", "Su enlace de relator – Conferencia regional Caribbean", "Estimado/a Ann Example:", "/es"),
        ("nl", "Uw rapporteurslink – Regionale conferentie Caribbean", "Beste Ann Example,", "/nl"),
    ],
)
def test_a_rapporteurs_links_go_in_their_language(
    caribbean, organiser, smtp_server, send_email_to, language, expected_subject, greeting, prefix
):
    send_email_to(smtp_server.url)
    ann = delegate(caribbean, "Ann Example", "HT", email="ann@example.org")
    Participant.objects.filter(pk=ann.pk).update(language=language)
    ann.refresh_from_db()
    breakout = Breakout.objects.get(session__number=1, group__number=1)
    nomination = services.nominate_rapporteur(breakout=breakout, participant=ann)
    [result] = services.send_link_emails(participants=[ann], base_url="http://testserver", by=organiser)
    assert result.sent
    [mail] = smtp_server.messages
    body = mail.get_content()
    assert (subject(mail), body.splitlines()[0]) == (expected_subject, greeting)
    token = RapporteurNomination.objects.get(pk=nomination.pk).token
    assert [line for line in body.splitlines() if line.startswith("http")] == [
        f"http://testserver{prefix}/report/{token}/"
    ]
