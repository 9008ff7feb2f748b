"""The keys of private links never reach a log: Django's (request warnings, tracebacks) nor gunicorn's."""

import http.client
import io
import logging
import re
import secrets

import pytest
from django.db import connection

from benchmarks.server import gunicorn
from conference.logs import mask

pytestmark = pytest.mark.django_db


@pytest.fixture
def log_output():
    """What the app's log handler (settings.LOGGING) writes."""
    handler = next(handler for handler in logging.getLogger().handlers if handler.name == "console")
    stream = io.StringIO()
    previous = handler.setStream(stream)
    try:
        yield stream.getvalue
    finally:
        handler.setStream(previous)


def records(output):
    """The 'LEVEL logger message' of each record, without the time (and without traceback lines)."""
    return [line.split(" ", 2)[2] for line in output.splitlines() if line[:2].isdigit()]


def key():
    return secrets.token_urlsafe(32)


def test_request_warnings_mask_the_keys(client, log_output):
    keys = [key() for _ in range(4)]
    for path in (f"/report/{keys[0]}/", f"/fr/report/{keys[1]}/", f"/moderate/{keys[2]}/", f"/notes/{keys[3]}/"):
        assert client.get(path).status_code == 404
    assert records(log_output()) == [
        "WARNING django.request Not Found: /report/***/",
        "WARNING django.request Not Found: /fr/report/***/",
        "WARNING django.request Not Found: /moderate/***/",
        "WARNING django.request Not Found: /notes/***/",
    ]


def test_every_logger_and_traceback_is_masked(log_output):
    secret = key()
    logging.getLogger("django.server").info('"%s" %s %s', f"GET /report/{secret}/ HTTP/1.1", 404, 179)
    try:
        raise ValueError(f"no report at /fr/report/{secret}/")
    except ValueError:
        logging.getLogger("groups").exception("Failed for %(path)s", {"path": f"/report/{secret}/"})
    output = log_output()
    assert records(output) == [
        'INFO django.server "GET /report/***/ HTTP/1.1" 404 179',
        "ERROR groups Failed for /report/***/",
    ]
    assert output.splitlines()[-1] == "ValueError: no report at /fr/report/***/"
    assert secret not in output


def test_the_mask_covers_prefixes_cases_and_encoded_slashes():
    assert mask("/REPORT/abc-_1/ and ?next=%2Freport%2Fabc%2F and /moderate/x?y") == (
        "/REPORT/***/ and ?next=%2Freport%2F***%2F and /moderate/***?y"
    )
    assert mask("/reports/abc/ /report/") == "/reports/abc/ /report/"
    assert mask("/fr/notes/abc-_1/ and %2Fnotes%2Fabc") == "/fr/notes/***/ and %2Fnotes%2F***"


ACCESS = re.compile(r'"(GET /(?!admin)[^"]*)" (\d+) \d+ "([^"]*)"')


def database_url():
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{settings['NAME']}"
    password = f":{settings['PASSWORD']}" if settings["PASSWORD"] else ""
    return f"postgres://{settings['USER']}{password}@{settings['HOST']}:{settings['PORT']}/{settings['NAME']}"


@pytest.mark.django_db(transaction=True)  # the server reads the test database from another process
def test_gunicorn_logs_mask_the_keys(tmp_path):
    env = {"DJANGO_SETTINGS_MODULE": "conference.settings", "DJANGO_DEBUG": "1", "DATABASE_URL": database_url()}
    env |= {"DJANGO_LOG_LEVEL": "INFO", "PATH": "/usr/bin:/bin"}
    keys = [key() for _ in range(5)]
    log = tmp_path / "gunicorn.log"
    with gunicorn(env, log, workers=1, probe="/admin/login/", options=["--access-logfile=-"]) as (_server, port):
        for path, referrer in [
            (f"/report/{keys[0]}/", ""),
            (f"/fr/report/{keys[1]}/", ""),
            (f"/moderate/{keys[2]}/", ""),
            (f"/caribbean/?next=/report/{keys[3]}/", f"http://127.0.0.1/report/{keys[4]}/"),
        ]:
            connection_ = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            connection_.request("GET", path, headers={"Referer": referrer} if referrer else {})
            assert connection_.getresponse().status == 404
            connection_.close()
    output = log.read_text()
    assert [k for k in keys if k in output] == []
    # gunicorn's access lines: … "request line" status size "referrer" "user agent"
    access = [ACCESS.search(line).groups() for line in output.splitlines() if ACCESS.search(line)]
    assert access == [
        ("GET /report/***/ HTTP/1.1", "404", "-"),
        ("GET /fr/report/***/ HTTP/1.1", "404", "-"),
        ("GET /moderate/***/ HTTP/1.1", "404", "-"),
        ("GET /caribbean/?next=/report/***/ HTTP/1.1", "404", "http://127.0.0.1/report/***/"),
    ]
    assert output.count("django.request Not Found: /report/***/") == 1
