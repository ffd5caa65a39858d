"""``rs-scraper mirror``: serve the offline mirror of the site, or save its article pages as fixtures."""

from __future__ import annotations

import argparse
import json
import signal
import sys
from datetime import date, datetime
from pathlib import Path

from rs_scraper.cli import CommandError, UsageError
from rs_scraper.dialect import json_value

LAYOUTS = ("auto", "rebelmouse", "rm-widgets", "wordpress", "redesign")
WEIGHTS = ("light", "real")


def add_parser(subparsers) -> None:  # noqa: ANN001 - argparse's private subparsers type
    p = subparsers.add_parser(
        "mirror",
        help="serve a generated offline copy of the site (demo, tests, benchmarks)",
        description="Serve a deterministic offline mirror of Responsible Statecraft over HTTP "
        "until Ctrl-C, or with --save write its article pages and ground truth.",
    )
    p.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=8000, help="port to bind, 0 for any free port (default 8000)")
    p.add_argument("--articles", type=int, default=72, help="number of articles (default 72)")
    p.add_argument("--seed", type=int, default=1, help="generator seed (default 1)")
    p.add_argument("--layout", default="auto", help=f"force one page layout: {', '.join(LAYOUTS)} (default auto)")
    p.add_argument(
        "--no-variants",
        dest="variants",
        action="store_false",
        help="every page in the plain RebelMouse layout with full metadata",
    )
    p.add_argument(
        "--weight",
        default="light",
        help="page weight: light (~25 KB) or real (~440 KB of inline scripts and JSON, like a real page)",
    )
    p.add_argument(
        "--traps",
        action="store_true",
        help="add a robots-disallowed URL, an off-site URL, a 404 and a 500-twice article",
    )
    p.add_argument("--save", metavar="DIR", help="write DIR/<name>.html and DIR/<name>.json per article and exit")
    p.add_argument(
        "--base-url",
        default=None,
        help="with --save: the base URL the saved pages and rows use (default http://HOST:PORT)",
    )
    p.add_argument(
        "--from-warc",
        metavar="DIR",
        help="serve a WARC archive instead (e.g. data/warc): every URL as archived, latest capture, "
        "recorded status and headers (the generator options do not apply)",
    )
    p.set_defaults(func=run)


def serve_warc(args: argparse.Namespace) -> int:
    """``--from-warc DIR``: replay an archive (rs_scraper.warc.replay) until Ctrl-C or SIGTERM."""
    defaults = {
        "articles": 72,
        "seed": 1,
        "layout": "auto",
        "variants": True,
        "traps": False,
        "save": None,
        "base_url": None,
    }
    given = [f"--{k.replace('_', '-')}" for k, v in defaults.items() if getattr(args, k) != v]
    if given:
        raise UsageError(f"--from-warc serves an archive as it is: {', '.join(given)} cannot apply")
    from rs_scraper.warc.replay import ReplayServer

    if not Path(args.from_warc).is_dir():
        raise UsageError(f"no such directory: {args.from_warc}")
    try:
        srv = ReplayServer(args.from_warc, host=args.host, port=args.port)
    except FileNotFoundError as exc:
        raise UsageError(str(exc)) from None
    except OSError as exc:
        raise CommandError(f"cannot listen on {args.host}:{args.port}: {exc.strerror or exc}") from exc
    return serve(
        srv,
        "replay",
        f"{len(srv.index)} URLs from {srv.index.files} WARC file(s) in {args.from_warc}; "
        f"robots {srv.base_url}/robots.txt",
    )


def serve(srv, name: str, summary: str) -> int:
    """Print the base URL (first line: scripts read it) and a summary, then serve until Ctrl-C or SIGTERM."""
    print(srv.base_url, flush=True)
    print(f"{name}: {summary}; Ctrl-C to stop", flush=True)
    # SIGTERM (a service manager, `kill`) stops the server as cleanly as Ctrl-C does.
    signal.signal(signal.SIGTERM, _raise_interrupt)
    try:
        srv.serve_forever_blocking()
    except KeyboardInterrupt:
        print(f"{name}: stopped", file=sys.stderr)
    return 0


def _check_port(args: argparse.Namespace) -> None:
    if not 0 <= args.port <= 65535:
        raise UsageError(f"--port must be between 0 and 65535, not {args.port}")


def _check(args: argparse.Namespace) -> None:
    if args.layout not in LAYOUTS:
        raise UsageError(f"--layout must be one of {', '.join(LAYOUTS)}, not {args.layout!r}")
    if args.weight not in WEIGHTS:
        raise UsageError(f"--weight must be one of {', '.join(WEIGHTS)}, not {args.weight!r}")
    if not 1 <= args.articles <= 200_000:
        raise UsageError(f"--articles must be between 1 and 200000, not {args.articles}")
    _check_port(args)
    if args.base_url is not None:
        from rs_scraper.urls import check_http_url

        try:
            check_http_url(args.base_url, "--base-url")
        except ValueError as exc:
            raise UsageError(str(exc)) from None


def _json_default(o: object) -> str:
    # the ground truth is written in the dialect of every output (rs_scraper.dialect: ISO 8601 UTC with Z)
    if isinstance(o, (datetime, date)):
        return json_value(o)
    raise TypeError(type(o).__name__)


def fixture_name(path: str) -> str:
    """/2022/08/12/why-nato -> 2022-08-12-why-nato; /pentagon-budget-2668800294 -> pentagon-budget-2668800294."""
    return path.strip("/").replace("/", "-") or "index"


def save(site, out: Path, base_url: str) -> int:  # noqa: ANN001
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise CommandError(f"cannot create {out}: {exc.strerror}") from exc
    for a in site.articles:
        status, _, body = site.render(a.link_path, base_url)
        if status != 200:
            raise CommandError(f"mirror rendered {status} for {a.link_path}")
        name = fixture_name(a.path)
        (out / f"{name}.html").write_bytes(body)
        row = a.expected(base_url)
        (out / f"{name}.json").write_text(
            json.dumps(row, ensure_ascii=False, indent=1, default=_json_default) + "\n", encoding="utf-8"
        )
    return len(site.articles)


def _raise_interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def run(args: argparse.Namespace) -> int:
    if args.from_warc:
        _check_port(args)
        return serve_warc(args)
    _check(args)
    from rs_scraper.mirror import MirrorServer, MirrorSite

    site = MirrorSite(
        articles=args.articles,
        seed=args.seed,
        variants=args.variants,
        layout=args.layout,
        traps=args.traps,
        weight=args.weight,
    )
    if args.save:
        base = (args.base_url or f"http://{args.host}:{args.port}").rstrip("/")
        n = save(site, Path(args.save), base)
        print(f"saved {n} article pages and their expected rows to {args.save} (base URL {base})")
        return 0
    try:
        srv = MirrorServer(site, host=args.host, port=args.port)
    except OSError as exc:
        raise CommandError(f"cannot listen on {args.host}:{args.port}: {exc.strerror or exc}") from exc
    return serve(
        srv, "mirror", f"{site.summary()}; robots {srv.base_url}/robots.txt, feed {srv.base_url}/feeds/feed.rss"
    )
