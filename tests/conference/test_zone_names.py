"""One way to name the venue's time zone, by its city in the page's language, on every page, card and screen."""

import zoneinfo

import pytest
from django.utils import translation

from conference import clock


@pytest.mark.parametrize(
    ("language", "zone", "label"),
    [
        ("en", "America/Port_of_Spain", "Port of Spain time"),
        ("fr", "America/Port_of_Spain", "heure de Port-d’Espagne"),
        ("es", "America/Port_of_Spain", "hora de Puerto España"),
        ("nl", "America/Port_of_Spain", "tijd in Port of Spain"),
        ("fr", "America/St_Lucia", "heure de Sainte-Lucie"),
        ("es", "America/Havana", "hora de La Habana"),
        ("fr", "America/Barbados", "heure de Barbados"),  # no name of its own: as the zone database spells it
        ("fr", "UTC", "UTC"),
    ],
)
def test_a_zone_is_named_by_its_city_in_the_pages_language(language, zone, label):
    with translation.override(language):
        assert clock.zone_label(zoneinfo.ZoneInfo(zone)) == label
        assert clock.zone_label(zone) == label
