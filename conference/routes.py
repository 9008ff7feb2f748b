"""The one place where a conference's address prefix is written: every app's urls.py puts its conference pages
`below_conference(...)`, so that /<conference>/… means the same in each."""

from django.urls import include, path


def below_conference(*patterns):
    """The given URL patterns below a conference's address, /<conference>/…; each view receives `conference` (the
    slug)."""
    return path("<slug:conference>/", include(list(patterns)))
