"""gunicorn's settings for this app: `gunicorn -c python:conference.gunicorn_config conference.wsgi …` (README).

Its logger masks private links (conference/logs.py) in the access log, whose lines hold the request line, the query
and the referring page, and in the error log.
"""

from gunicorn.glogging import Logger

from conference.logs import MaskPrivateLinks


class MaskingLogger(Logger):
    """gunicorn's logger with MaskPrivateLinks on its access and error logs."""

    def setup(self, cfg):
        super().setup(cfg)  # also on a reload (SIGHUP): the loggers stay, so the filter is added once
        for log in (self.error_log, self.access_log):
            if not any(isinstance(existing, MaskPrivateLinks) for existing in log.filters):
                log.addFilter(MaskPrivateLinks())


logger_class = MaskingLogger
