"""Private links kept out of the logs.

A rapporteur's link /report/<key>/ (also under a language prefix, /fr/report/<key>/) is all it takes to write a
group's report, a facilitator's /moderate/<key>/ to moderate a session, a group's /notes/<key>/ to read and write its
breakout notes: whoever reads a log must not be able to use them.
Django logs the path of every refused request ("Not Found: /report/…"), gunicorn the request line and the referring
page of every request. MaskPrivateLinks replaces the key with *** in every record that goes through the handler of
LOGGING (which every logger of Django and the app writes through), and in gunicorn's own logs
(conference/gunicorn_config.py).
"""

import logging
import re
from collections.abc import Mapping

# The path segment after /report/, /moderate/ or /notes/, also with URL-encoded slashes (in a query string or a
# referrer).
PRIVATE_LINK = re.compile(r"((?:/|%2f)(?:report|moderate|notes)(?:/|%2f))[^/\s?#&%\"'<>]+", re.IGNORECASE)
MASK = "***"


def mask(text):
    """`text` with the key of every private link replaced by ***."""
    return PRIVATE_LINK.sub(rf"\g<1>{MASK}", text)


def _masked(args):
    if isinstance(args, Mapping):
        return {name: mask(value) if isinstance(value, str) else value for name, value in args.items()}
    if isinstance(args, tuple):
        return tuple(mask(value) if isinstance(value, str) else value for value in args)
    return args


class MaskPrivateLinks(logging.Filter):
    """Masks private links in a log record: its message (formatted with its arguments), traceback and stack."""

    def filter(self, record):
        try:
            record.msg, record.args = mask(record.getMessage()), ()
        except Exception:
            # The record cannot be formatted: the handler reports that, showing the message and its arguments.
            record.msg, record.args = mask(str(record.msg)), _masked(record.args)
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = mask(record.exc_text)
        if record.stack_info:
            record.stack_info = mask(record.stack_info)
        return True
