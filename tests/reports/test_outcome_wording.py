"""The outcome's "compiled from" line (Markdown and Word files) counts its reports with the language's plural forms."""

import datetime
from types import SimpleNamespace

import pytest
from django.utils import translation

from groups.reports.outcome import Outcome, compiled_line


def outcome_of(reports):
    session = SimpleNamespace(entries=[object()] * reports)
    return Outcome(
        conference=None,
        sessions=[session],
        areas=[],
        compiled_at=datetime.datetime(2026, 6, 10, 15, 0, tzinfo=datetime.UTC),
    )


@pytest.mark.parametrize(
    ("language", "one", "two"),
    [
        (
            "en",
            "Compiled on Wednesday 10 June 2026 from 1 published rapporteur report.",
            "Compiled on Wednesday 10 June 2026 from 2 published rapporteur reports.",
        ),
        (
            "fr",
            "Compilation du mercredi 10 juin 2026 à partir de 1 rapport de rapporteur publié.",
            "Compilation du mercredi 10 juin 2026 à partir de 2 rapports de rapporteurs publiés.",
        ),
        (
            "es",
            "Compilado el miércoles 10 de junio de 2026 a partir de 1 informe de relator publicado.",
            "Compilado el miércoles 10 de junio de 2026 a partir de 2 informes de relatores publicados.",
        ),
        (
            "nl",
            "Samengesteld op woensdag 10 juni 2026 uit 1 gepubliceerd rapporteursverslag.",
            "Samengesteld op woensdag 10 juni 2026 uit 2 gepubliceerde rapporteursverslagen.",
        ),
    ],
)
def test_the_compiled_line_says_report_or_reports(language, one, two, settings):
    settings.TIME_ZONE = "UTC"
    with translation.override(language):
        assert [compiled_line(outcome_of(1)), compiled_line(outcome_of(2))] == [one, two]
