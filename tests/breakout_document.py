"""Reads the breakout document (fixtures/source/breakout-document.txt) into plain Python data.

The fixture is checked against what this parser finds, so that the fixture can never drift from the document.
"""

import re
from dataclasses import dataclass, field
from pathlib import Path

DOCUMENT = Path(__file__).resolve().parent.parent / "fixtures" / "source" / "breakout-document.txt"

BULLET = re.compile(r"^\s*(?:·|-)\s+(?P<text>.*\S)\s*$")
SESSION = re.compile(r"Session (?P<number>\d+):\t(?P<title>.+?)\s*$")
GROUP = re.compile(r"^Group (?P<number>\d+)\t(?P<heading>.+?)\s*$")
THEMATIC_SUFFIX = re.compile(r"^(?P<topic>.*?)\s*\((?P<label>Thematic [^)]*)\)$")
MINUTES = re.compile(r"(?P<low>\d+)(?:-(?P<high>\d+))? minutes")


@dataclass
class DocBreakout:
    group: int
    topic: str
    thematic_label: str
    questions: list = field(default_factory=list)


@dataclass
class DocSession:
    number: int
    title: str
    breakouts: list = field(default_factory=list)


@dataclass
class Document:
    modalities: list  # the modalities section's paragraphs and bullets, in order
    groups: dict  # group number -> country names, as written
    sessions: list
    timings: dict  # what -> (low, high) minutes


def read(text=None):
    text = DOCUMENT.read_text(encoding="utf-8") if text is None else text
    text = re.sub(r"\[bookmark: [^\]]*\]", "", text)
    modalities_part, rest = text.split("GROUPS FOR THE BREAKOUT SESSIONS", 1)
    groups_part, questions_part = rest.split("QUESTIONS FOR THE BREAKOUT SESSIONS", 1)
    modalities = _modalities(modalities_part)
    return Document(
        modalities=modalities,
        groups=_groups(groups_part),
        sessions=_sessions(questions_part),
        timings=_timings(modalities),
    )


def _modalities(part):
    lines = [line.strip() for line in part.splitlines() if line.strip()]
    return [BULLET.match(line)["text"] if BULLET.match(line) else line for line in lines[1:]]


def _groups(part):
    """The table's cells come after the four headers, one cell per tab-indented line plus its continuations."""
    cells, headers = [], []
    for line in part.splitlines():
        if not line.strip():
            continue
        if re.match(r"^\tGroup \d+$", line):
            headers.append(int(line.split()[1]))
        elif line.startswith("\t"):
            cells.append([line.strip()])
        else:
            cells[-1].append(line.strip())
    return {number: [name.rstrip(";").strip() for name in cell] for number, cell in zip(headers, cells, strict=True)}


def _sessions(part):
    sessions, breakout = [], None
    for line in part.splitlines():
        if match := SESSION.search(line):
            sessions.append(DocSession(number=int(match["number"]), title=match["title"]))
        elif match := GROUP.match(line):
            heading = match["heading"]
            suffix = THEMATIC_SUFFIX.match(heading)
            breakout = DocBreakout(
                group=int(match["number"]),
                topic=suffix["topic"] if suffix else heading,
                thematic_label=suffix["label"] if suffix else "",
            )
            sessions[-1].breakouts.append(breakout)
        elif match := BULLET.match(line):
            breakout.questions.append(match["text"])
    return sessions


def _timings(modalities):
    """The minutes each part of a session takes, read from the sentences that state them."""
    wanted = {
        "presentation": "short presentation",
        "questions": "minutes of questions for clarification",
        "breakout": "minutes to discuss",
        "report_back": "to present back in plenary",
        "discussion": "of general discussions",
    }
    timings = {}
    for key, phrase in wanted.items():
        sentence = next(line for line in modalities if phrase in line)
        found = list(MINUTES.finditer(sentence))
        if key == "discussion":
            found = found[1:]  # the sentence gives the report-back's minutes first
        match = found[0]
        low = int(match["low"])
        timings[key] = (low, int(match["high"] or low))
    return timings
