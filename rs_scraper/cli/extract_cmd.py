"""``rs-scraper extract PATH... [--url URL]``: saved HTML pages -> one JSON Article per line on stdout."""

from __future__ import annotations

import sys
from pathlib import Path

from rs_scraper.cli import UsageError, read_input
from rs_scraper.dialect import dumps


def add_parser(subparsers) -> None:
    p = subparsers.add_parser(
        "extract",
        help="parse saved article pages into JSON lines",
        description="Parse saved HTML pages ('-' = stdin) into one JSON object per article.",
    )
    p.add_argument("paths", nargs="*", metavar="PATH", help="HTML file, or '-' for stdin")
    p.add_argument(
        "--url",
        help="the page's URL (default: its canonical link, else a file:// URL); with --warc: "
        "the capture of this URL to parse (the latest in FILE)",
    )
    p.add_argument(
        "--warc",
        metavar="FILE",
        help="parse the captures of this WARC file instead of HTML files: one "
        "row per article capture, as the dataset would store it",
    )
    p.add_argument("--encoding", help="charset from the HTTP header, if known")
    p.set_defaults(func=run)


def _write_row(row: dict) -> None:
    """One JSON line, in the dialect of every output (rs_scraper.dialect): timestamps ISO 8601 UTC with Z."""
    from rs_scraper.items import FIELD_NAMES

    sys.stdout.write(dumps({k: row.get(k) for k in FIELD_NAMES}) + "\n")


def run(args) -> int:
    from rs_scraper.items import FIELD_NAMES  # here, not at import: `rs-scraper --help` need not load pyarrow
    from rs_scraper.parsing import NotArticle, ParseError, parse_article

    if args.warc:
        if args.paths:
            raise UsageError("give either PATH... or --warc FILE, not both")
        from rs_scraper.warc.extract import extract_warc

        return extract_warc(args.warc, args.url, lambda row: _write_row(row))
    if not args.paths:
        raise UsageError("give at least one PATH (or --warc FILE)")
    if args.url and len(args.paths) > 1:
        raise UsageError("--url applies to a single PATH")
    if args.url:
        from rs_scraper.urls import check_http_url

        try:
            args.url = check_http_url(args.url, "--url")
        except ValueError as exc:
            raise UsageError(str(exc)) from None
    inputs: list[tuple[str, bytes, str]] = []
    for path in args.paths:
        data = read_input(path)
        if path == "-":
            inputs.append(("<stdin>", data, args.url or ""))
        else:
            inputs.append((path, data, args.url or Path(path).resolve().as_uri()))
    rows = failed = 0
    for name, data, url in inputs:
        try:
            article = parse_article(data, url, encoding=args.encoding)
        except NotArticle as exc:
            print(f"rs-scraper extract: {name}: not an article ({exc.reason})", file=sys.stderr)
            continue
        except ParseError as exc:  # the parser's failure, not a verdict on the page: say so, exit non-zero
            print(f"rs-scraper extract: {name}: parser failed ({exc})", file=sys.stderr)
            failed += 1
            continue
        _write_row({k: getattr(article, k) for k in FIELD_NAMES})
        rows += 1
    sys.stdout.flush()
    return 0 if rows and not failed else 1
