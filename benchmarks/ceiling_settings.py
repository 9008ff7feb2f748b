"""The site's settings with the benchmark's ceiling page routed (benchmarks/ceiling.py); benchmarks/run serves the
site with these: DJANGO_SETTINGS_MODULE=benchmarks.ceiling_settings."""

from conference.settings import *  # noqa: F403

ROOT_URLCONF = "benchmarks.ceiling"
