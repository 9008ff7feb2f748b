"""The worst cases of the `markdown` filter: every input family that makes Markdown parsers slow, at full length.

Started by benchmarks/markdown. Each input is rendered through the filter (parser and nh3) a few times and its
fastest time kept, so that other work on the machine weighs less; the family's worst input is printed. Exits
non-zero when a family's worst case exceeds the budget (50 ms by default).

tests/conference/test_markdown.py renders the same families at two lengths and checks that the work grows linearly.
With `--parser markdown-it`, the same families go through markdown-it-py instead of pyromark (the same filter
otherwise: raw HTML inline only, nesting limit, nh3): the comparison that chose the parser (benchmarks/README.md).
"""

import argparse
import functools
import os
import random
import sys
import time

# The longest text a field accepts: a report's answers and conclusions (6,000 characters).
MAX_LENGTH = 6000
BUDGET_MS = 50


def fill(unit, length):
    """`unit` repeated to exactly `length` characters."""
    return (unit * (length // len(unit) + 1))[:length]


def nested_lines(prefix, line, length):
    """Lines each indented or quoted one level deeper than the one before."""
    lines, size, depth = [], 0, 0
    while size < length:
        lines.append(prefix * depth + line + "\n")
        size += len(lines[-1])
        depth += 1
    return "".join(lines)[:length]


def growing_runs(char, length):
    """Runs of `char` one longer each time (`a``a```a…): code spans whose closing run never matches."""
    runs, size, count = [], 0, 1
    while size < length:
        runs.append(char * count + "a")
        size += count + 1
        count += 1
    return "".join(runs)[:length]


MIXED_TOKENS = [
    *("[", "]", "](", ")", "![", "*", "_", "**", "`", "<", ">", "&", "&#", "\\", "- ", "1. ", " ", "\n", "a"),
    *("#", "<a ", "[a]: /u\n", "    ", ":", '"', "'", "~", "|", "http://x", "> ", "<ul>", "-->"),
]


def mixed(seed, length):
    """Random text from the characters and pieces Markdown gives a meaning to (the same for a given seed)."""
    rng = random.Random(seed)  # noqa: S311 -- test data, not secrets
    pieces, size = [], 0
    while size < length:
        pieces.append(rng.choice(MIXED_TOKENS))
        size += len(pieces[-1])
    return "".join(pieces)[:length]


def families(length=MAX_LENGTH):
    """Each input family at `length` characters: a name and the inputs."""
    half, third = length // 2, length // 3
    label = "a" * min(length // 6, 999)  # a link label has at most 999 characters
    return {
        "brackets [": [
            fill("[", length),
            fill("[a", length),
            "[" * half + "]" * (length - half),
            fill("[](", length),
            fill("[a](", length),
            fill("[a][", length),
            fill("][", length),
            fill("[\\", length),
            fill("[`", length),
            fill("[]", length),
            fill("[(", length),
            fill("[a](<", length),
        ],
        "images ![": [
            fill("![", length),
            fill("![a", length),
            fill("![](", length),
            "![" * third + "]" * (length - 2 * third),
            fill("![a](", length),
            fill("![![", length),
        ],
        "emphasis * _": [
            fill("*", length),
            fill("_", length),
            fill("*a", length),
            fill("_a", length),
            fill("a*", length),
            fill("**a", length),
            fill("*_", length),
            fill("*a _b ", length),
            fill("***a", length),
            fill("a**b ", length),
            "*" * half + "a" * (length - half),
            "*" * (half - 1) + "a" + "*" * half,
            fill("a_b_", length),
            fill("*a**", length),
            fill("_*", length),
        ],
        "nested lists": [
            fill("- ", length),
            fill("1. ", length),
            fill("* ", length),
            nested_lines("  ", "- a", length),
            nested_lines("   ", "1. a", length),
            fill("- \n", length),
            fill("-\n  ", length),
            fill("- a\n  - b\n", length),
            fill("- > ", length),
        ],
        "nested blockquotes": [
            fill("> ", length),
            fill(">", length),
            nested_lines(">", " a", length),
            fill("> - ", length),
            fill(">\n", length),
            fill("> > a\n", length),
        ],
        "reference links": [
            fill("[a]: /u\n", length),
            fill("[a]", length),
            fill("[a][b]", length),
            fill("[a][]", length),
            fill("[a]: /u\n", half) + fill("[a]", length - half),
            fill("[a]:\n", length),
            fill("[a]: <", length),
            fill("[a]: /u '", length),
            fill(f"[{label}]: /u\n", half) + fill(f"[{label}]", length - half),
        ],
        "long lines": [
            fill("a", length),
            fill("a ", length),
            fill("\\", length),
            fill("a\\\n", length),
            fill("  \n", length),
            fill("http://a.b/", length),
            fill("a  ", length),
            fill("#", length),
            fill("-", length),
            fill("=\n", length),
            fill("a\n", length),
            fill("\t", length),
        ],
        "backticks `": [
            fill("`", length),
            fill("`a", length),
            growing_runs("`", length),
            fill("``a`", length),
            fill("```\n", length),
            fill("~~~\n", length),
            growing_runs("~", length),
        ],
        "html-like <": [
            fill("<", length),
            fill("<a", length),
            fill("<a ", length),
            fill("<a href=", length),
            fill("<!--", length),
            fill("<?", length),
            fill("<![CDATA[", length),
            fill("</", length),
            fill("<div>\n", length),
            fill("<a x='", length),
            fill("<http://a", length),
            fill("<a@b", length),
            fill("<!", length),
            fill("<a>", length),
            fill("</a", length),
            fill("<ul>", length),
            fill("<blockquote>", length),
        ],
        "entities &": [
            fill("&", length),
            fill("&#", length),
            fill("&amp", length),
            fill("&#x", length),
            fill("&amp;", length),
            fill("&#1234567;", length),
            fill("&a", length),
            fill("&#x;", length),
            fill("&lt;ul&gt;", length),
        ],
        "mixed": [mixed(seed, length) for seed in range(20)],
    }


def markdown_it_filter():
    """The `markdown` filter with markdown-it-py (CommonMark, HTML blocks off so raw HTML is inline only) as parser."""
    import nh3
    from django.utils.html import linebreaks
    from markdown_it import MarkdownIt

    from conference.markdown import clean_source
    from conference.templatetags.conference_tags import ALLOWED_TAGS, MAX_NESTING

    parser = MarkdownIt("commonmark", {"maxNesting": MAX_NESTING + 2}).disable("html_block")

    def markdown(text):
        text = clean_source(text)
        tokens = parser.parse(text)
        if max((token.level for token in tokens), default=0) > MAX_NESTING:
            return linebreaks(text, autoescape=True)
        html = parser.renderer.render(tokens, parser.options, {}).rstrip("\n")
        return nh3.clean(html, tags=ALLOWED_TAGS, link_rel="noopener noreferrer nofollow")

    return markdown


def fastest(render, text, repeat):
    """The fastest of `repeat` renderings of `text`, in seconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        render(text)
        times.append(time.perf_counter() - start)
    return min(times)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--length", type=int, default=MAX_LENGTH, help="characters per input (default: %(default)s)")
    parser.add_argument("--repeat", type=int, default=5, help="renderings per input; the fastest counts")
    parser.add_argument("--budget", type=float, default=BUDGET_MS, help="ms a family's worst case may take")
    parser.add_argument(
        "--parser",
        choices=["pyromark", "markdown-it"],
        default="pyromark",
        help="the filter's (default) or markdown-it-py",
    )
    parser.add_argument(
        "--under",
        type=int,
        help="render as a report under a page heading of this level, its headings re-levelled (pyromark only)",
    )
    args = parser.parse_args(argv)

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "conference.settings")
    import django

    django.setup()
    from conference.templatetags.conference_tags import markdown

    if args.parser == "markdown-it":
        markdown = markdown_it_filter()
    elif args.under is not None:
        markdown = functools.partial(markdown, under=args.under)
    under = "" if args.under is None else f", under an h{args.under}"
    print(
        f"The markdown filter ({args.parser}{under}) at {args.length} characters, fastest of {args.repeat} renderings"
    )
    print(f"{'family':<20} {'inputs':>6} {'worst ms':>9}  worst input")
    over = []
    for family, inputs in families(args.length).items():
        timed = [(fastest(markdown, text, args.repeat), text) for text in inputs]
        worst, text = max(timed, key=lambda pair: pair[0])
        print(f"{family:<20} {len(inputs):>6} {worst * 1000:>9.1f}  {text[:24]!r}…")
        if worst * 1000 > args.budget:
            over.append(family)
    if over:
        print(f"Over the budget of {args.budget:g} ms: {', '.join(over)}")
        return 1
    print(f"Every family under {args.budget:g} ms.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
