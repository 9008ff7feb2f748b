"""The facilitators' link mails go in each person's language, as the rapporteurs' do, through a real SMTP server on
127.0.0.1."""

import pytest

from conference.models import Participant
from groups.live import services
from groups.live.models import FacilitatorNomination

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "subject_start", "prefix"),
    [
        ("", "Your facilitator’s link – ", ""),
        ("fr", "Votre lien du facilitateur – ", "/fr"),
        ("es", "Su enlace de facilitador – ", "/es"),
        ("nl", "Uw link als facilitator – ", "/nl"),
    ],
)
def test_a_facilitators_link_goes_in_their_language(
    nomination, smtp_server, send_email_to, language, subject_start, prefix
):
    send_email_to(smtp_server.url)
    Participant.objects.filter(pk=nomination.participant_id).update(email="fac@example.org", language=language)
    sent, failed, skipped = services.send_facilitator_links(
        nominations=FacilitatorNomination.objects.filter(pk=nomination.pk), base_url="http://testserver"
    )
    assert (len(sent), failed, skipped) == (1, [], [])
    [mail] = smtp_server.messages
    assert " ".join(str(mail["Subject"]).split()).startswith(subject_start)
    links = [line for line in mail.get_content().splitlines() if line.startswith("http")]
    assert links == [f"http://testserver{prefix}/moderate/{nomination.token}/"]
