"""Answers laid over a running mirror (test_crawl_termination, test_non_article_memory, test_datadir_confinement):
an overlay that replaces some answers of a running mirror (sitemap loops, an endless generated sitemap tree, a bad
night of soft-404 / maintenance / challenge / JSON pages), and checksums of a sentinel outside the data dir."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from pathlib import Path

Response = tuple[int, dict[str, str], bytes]
Route = Callable[[str, str], Response | None]  # (path and query, base url) -> an answer, or None: the mirror's
XML = {"Content-Type": "application/xml; charset=utf-8"}


class Overlay:
    """Stands in for a MirrorServer's site: the first route that answers wins, else the real site renders."""

    def __init__(self, site) -> None:
        self.site = site
        self.routes: list[Route] = []

    def render(self, path: str, base_url: str, headers: dict | None = None) -> Response:
        for route in self.routes:
            answer = route(path, base_url)
            if answer is not None:
                return answer
        return self.site.render(path, base_url, headers)

    def __getattr__(self, name: str):
        return getattr(self.site, name)


def overlay(server) -> Overlay:
    if not isinstance(server.site, Overlay):
        server.site = Overlay(server.site)
    return server.site


def sitemap_index(locs: list[str]) -> bytes:
    items = "".join(f"<sitemap><loc>{loc}</loc></sitemap>" for loc in locs)
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="http://www.sitemaps.org/schemas/'
        f'sitemap/0.9">{items}</sitemapindex>\n'
    ).encode()


def real_index_locs(site, base_url: str) -> list[str]:
    _, _, body = site.render("/sitemap.xml", base_url)
    return re.findall(r"<loc>([^<]+)</loc>", body.decode())


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def requests_to(server, prefix: str) -> list[str]:
    return [r.path for r in server.requests.snapshot() if r.path.startswith(prefix)]
