"""Every static file a template names exists: with the production storage (a manifest of hashed names), a missing one
is a server error on the page that names it, not a missing style."""

import re
from pathlib import Path

from django.contrib.staticfiles import finders

ROOT = Path(__file__).resolve().parent.parent
STATIC_TAG = re.compile(r"""{%\s*static\s+["']([^"']+)["']""")


def test_every_static_file_a_template_names_exists():
    named = {
        name
        for template in sorted((ROOT / "templates").rglob("*.html"))
        for name in STATIC_TAG.findall(template.read_text(encoding="utf-8"))
    }
    assert len(named) > 10
    assert sorted(name for name in named if finders.find(name) is None) == []
