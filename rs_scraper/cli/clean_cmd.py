"""``rs-scraper clean [PATH|-]``: a plain-text page dump -> one JSON object (title, subtitle, article_type,
section, image_credit, text)."""

from __future__ import annotations

import json
import sys

from rs_scraper.cli import read_input


def add_parser(subparsers) -> None:
    p = subparsers.add_parser(
        "clean",
        help="clean a plain-text dump of an article page",
        description="Strip page chrome from a plain-text dump; print one JSON object.",
    )
    p.add_argument("path", nargs="?", default="-", metavar="PATH", help="text file, or '-' for stdin (default)")
    p.set_defaults(func=run)


def run(args) -> int:
    from rs_scraper.parsing import clean_text_dump

    raw = read_input(args.path)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")
    sys.stdout.write(json.dumps(clean_text_dump(text), ensure_ascii=False) + "\n")
    return 0
