"""The admin works under the site's Content-Security-Policy: its scripts run and nothing is refused."""

import pytest
from playwright.sync_api import expect

from sessions.models import Session

from .conftest import log_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_organiser_edits_a_session_under_the_policy(desktop, organiser_login):
    refused = []
    desktop.on("console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None)
    log_in(desktop, organiser_login)
    desktop.goto(f"/admin/agenda_sessions/session/{Session.objects.get(number=1).pk}/change/")
    # filter_horizontal is built by the admin's JavaScript: it only appears if scripts may run.
    expect(desktop.locator("#id_thematic_areas_from")).to_be_visible()
    desktop.locator("#id_start_time").fill("09:00")
    desktop.get_by_role("button", name="Save", exact=True).click()
    expect(desktop.locator(".messagelist")).to_contain_text("was changed successfully")
    assert refused == []
