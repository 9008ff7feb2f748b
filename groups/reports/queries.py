"""Breakouts with what the report pages show of them: their rapporteur and their report.

The prefetch recipes take a Breakout queryset and return it with one more prefetch, each recipe named; `add_reports()`
then sets on each breakout the plain attributes that the templates read (`rapporteur`, `nomination`,
`current_report`, `published_report`), from what was prefetched. The groups app does not know reports: these
functions live here, beside the reports' models.
"""

from django.db.models import Prefetch

from groups.models import Breakout

from .models import RapporteurReport, active_nominations, nomination_of


def with_rapporteur(breakouts):
    """Each breakout's current rapporteur (`rapporteur` and `nomination` after `add_reports()`)."""
    return breakouts.prefetch_related(active_nominations())


def with_rapporteur_and_emails(breakouts):
    """Each breakout's current rapporteur and the emails of their link (`nomination.last_email`)."""
    return breakouts.prefetch_related(active_nominations(with_emails=True))


# Both fill the breakout's own `report` cache (no to_attr: Django runs a query per breakout for a reverse one-to-one
# prefetched with to_attr inside another prefetch, as the session and group pages do).


def with_report(breakouts):
    """Each breakout's report in any status, without its content (`current_report` after `add_reports()`)."""
    return breakouts.prefetch_related("report")


def with_published_report(breakouts):
    """Each breakout's report if it is published, with its answers (`published_report` after `add_reports()`)."""
    return breakouts.prefetch_related(
        Prefetch("report", queryset=RapporteurReport.objects.published().prefetch_related("answers"))
    )


def for_public_pages(breakouts=None):
    """What every public page shows of a breakout, in a fixed number of queries: its group, room, thematic areas and
    questions, its rapporteur and its published report."""
    breakouts = Breakout.objects.for_display() if breakouts is None else breakouts
    return with_published_report(with_rapporteur(breakouts))


def current_report(breakout):
    """The breakout's report in any status, or None (from `with_report()` when it was used, else one query)."""
    try:
        return breakout.report
    except RapporteurReport.DoesNotExist:
        return None


def published_report(breakout):
    """The breakout's report if it is published, else None: drafts never reach public pages. From
    `with_published_report()` (or `with_report()`) when it was used, else one query."""
    if not Breakout.report.is_cached(breakout):
        return RapporteurReport.objects.published().filter(breakout=breakout).first()
    report = current_report(breakout)
    return report if report is not None and report.is_published else None


def add_reports(breakouts):
    """Set on each breakout what the templates read, from what was prefetched: `nomination` and `rapporteur` after
    `with_rapporteur()`, `current_report` and `published_report` after `with_report()` or `with_published_report()`.
    Takes breakouts (a queryset or a list) and returns them as a list."""
    breakouts = list(breakouts)
    for breakout in breakouts:
        if hasattr(breakout, "active_nominations"):
            breakout.nomination = nomination_of(breakout)
            breakout.rapporteur = breakout.nomination.participant if breakout.nomination else None
        if Breakout.report.is_cached(breakout):
            breakout.current_report = current_report(breakout)
            breakout.published_report = published_report(breakout)
    return breakouts
