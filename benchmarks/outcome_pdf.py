"""The public outcome's PDF at full length: the Caribbean conference with its 16 breakouts' reports full, published,
rendered by WeasyPrint. Started by benchmarks/outcome_pdf.

Two fillings (--fill): `spoken`, each report as long as its report-back can carry (the breakout document gives a
rapporteur 5 to 10 minutes: 10 minutes at 130 words a minute, some 1,300 words or 8,000 characters, a quarter in each
answer, the conclusions and the actions); `limits`, every field at its limit (22,000 characters a report, nearly three
times what 10 minutes can say: the worst case, not a conference's).

Uses a throwaway SQLite database in a temporary folder. Prints the time of the first rendering (fonts loaded) and the
best and median of the next ones, each with the CPU time this process used (which other work on the machine disturbs
less), the PDF's size and its number of pages. Fails only on an error, never on a figure
(the target is at most 3 s).
"""

import argparse
import io
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

SENTENCE = (
    "National statistical offices agreed to share methods, tools and trained staff across the region, and to report "
    "on progress at the next meeting of the heads of offices. "
)


def text_of(length, *, actions=False):
    """Markdown of exactly `length` characters or fewer: paragraphs and a heading, or one action per line."""
    if actions:
        line = "- " + SENTENCE.strip() + "\n"
        return (line * (length // len(line)))[:length].rstrip()
    paragraph = SENTENCE * 4 + "\n\n"
    body = "## Key messages\n\n" + paragraph * (length // len(paragraph) + 1)
    return body[:length].rsplit(" ", 1)[0]


# Characters per report section when spoken: 8,000 characters in 10 minutes, a quarter each.
SPOKEN_SECTION = 2000


def fill_and_publish(fill="spoken"):
    """Every breakout's report filled (`fill`: "spoken" or "limits", see above) and published, two listed delegates
    per country with a function, and the outcome published."""
    from django.core.management import call_command

    from conference.models import Conference, Participant
    from groups.models import Breakout
    from groups.reports import services
    from groups.reports.content import ANSWER_LIMIT, SECTIONS_BY_KEY, ReportContent, answer_key
    from groups.reports.models import RapporteurReport

    call_command("migrate", verbosity=0)
    call_command("loaddata", "caribbean_conference", verbosity=0)
    conference = Conference.objects.get(slug="caribbean")

    def length(limit):
        return SPOKEN_SECTION if fill == "spoken" else limit

    conference.conclusions = text_of(length(SECTIONS_BY_KEY["conclusions"].limit))
    conference.save()
    for country in conference.countries.all():
        for number in (1, 2):
            Participant.objects.create(
                conference=conference,
                full_name=f"Delegate {number} of {country.code}",
                country=country,
                function="Head of the national statistical office" if number == 1 else "Statistician",
            )
    breakouts = list(Breakout.objects.filter(session__conference=conference).prefetch_related("questions"))
    for breakout in breakouts:
        report = services.report_for(breakout)
        report = RapporteurReport.objects.with_content().get(pk=report.pk)
        content = ReportContent(
            {answer_key(question.pk): text_of(length(ANSWER_LIMIT)) for question in breakout.questions.all()},
            conclusions=text_of(length(SECTIONS_BY_KEY["conclusions"].limit)),
            actions=text_of(length(SECTIONS_BY_KEY["actions"].limit), actions=True),
        )
        services.save_report(report=report, content=content, base_version=report.version, by=None, submit=True)
    services.publish_reports(reports=RapporteurReport.objects.filter(breakout__in=breakouts))
    services.publish_outcome(conference=conference, by=None)
    return conference, len(breakouts)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="renderings after the first (default 3)")
    parser.add_argument("--language", default="en", help="the PDF's language (default en)")
    parser.add_argument(
        "--fill", choices=["spoken", "limits"], default="spoken", help="the reports' length (default spoken)"
    )
    options = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="outcome-pdf-")
    os.environ["DATABASE_URL"] = f"sqlite:///{folder}/benchmark.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "conference.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    import pypdf
    from django.utils import translation

    from groups.reports.outcome import compile_outcome
    from groups.reports.outcome_pdf import outcome_pdf

    conference, breakouts = fill_and_publish(options.fill)
    times, cpu = [], []
    with translation.override(options.language):
        for _ in range(options.repeat + 1):
            started, started_cpu = time.perf_counter(), time.process_time()
            pdf = outcome_pdf(compile_outcome(conference, public=True))
            times.append(time.perf_counter() - started)
            cpu.append(time.process_time() - started_cpu)
    pages = len(pypdf.PdfReader(io.BytesIO(pdf)).pages)
    what = "as long as a 10-minute report-back" if options.fill == "spoken" else "with every field at its limit"
    print(f"The outcome's PDF, {breakouts} breakouts' reports {what}, in {options.language}:")
    print(f"  first rendering  {times[0]:.2f} s ({cpu[0]:.2f} s of CPU)")
    later, later_cpu = times[1:] or times, cpu[1:] or cpu
    print(
        f"  next {len(later)}: best {min(later):.2f} s, median {statistics.median(later):.2f} s "
        f"({min(later_cpu):.2f}–{max(later_cpu):.2f} s of CPU)"
    )
    print(f"  size {len(pdf) / 1024:.0f} KB, {pages} pages")
    if options.fill == "spoken":
        print("  target: at most 3 s")


if __name__ == "__main__":
    main()
