"""The logos' resized copies (namespace "logos"), below the conference's address and outside the language prefixes:
an image is the same in every language. The pattern takes only a copy's name (key-height.format), so that it can
never take a page's address."""

from django.urls import re_path

from . import logos

app_name = "logos"

urlpatterns = [
    re_path(
        r"^(?P<conference>[-a-zA-Z0-9_]+)/logos/(?P<name>[0-9a-f]{16}-[0-9]{1,4}\.(?:webp|png))\Z",
        logos.logo_file,
        name="file",
    ),
]
