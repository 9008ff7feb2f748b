"""Wires every app's pages; the one place where `conference` imports the other apps.

Public pages are in English at their plain address and in French, Spanish and Dutch under /fr/, /es/ and /nl/
(i18n_patterns), so that a language switch is a plain link that works without JavaScript, cookies or forms.
"""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from conference import views

urlpatterns = [
    path("admin/", admin.site.urls),
    # The schedule for conference apps, in one language, outside the language prefixes.
    path("<slug:conference>/", include("sessions.export_urls")),
    *i18n_patterns(
        # Calendar feeds in the reader's language (the groups' feeds are with the group pages).
        path("<slug:conference>/", include("sessions.calendar_urls")),
        path("report/", include("groups.reports.rapporteur_urls")),
        path("organisers/", include("groups.reports.console_urls")),
        # Live questions, the screen, breakout notes and the facilitator's link (/moderate/<key>/).
        path("", include("groups.live.urls")),
        path("", include("conference.site_urls")),
        # The session and group pages show each breakout with its rapporteur and published report, so the reports
        # app, which knows sessions, groups and reports, serves them (with the groups' own forms, under groups/).
        path("<slug:conference>/sessions/", include("groups.reports.session_urls")),
        path("<slug:conference>/groups/", include("groups.reports.group_urls")),
        path("<slug:conference>/organisers/", include("groups.reports.organiser_urls")),
        prefix_default_language=False,
    ),
]

if settings.BENCHMARK_CEILING:
    # The benchmark's reference page (benchmarks/run): off unless DJANGO_BENCHMARK_CEILING is set.
    urlpatterns.insert(0, path("benchmark/ceiling/", views.benchmark_ceiling, name="benchmark-ceiling"))
