"""Security properties: XML entities never expand nor load anything, only the configured origin is requested,
no file path is built from a URL, and outputs get ordinary permissions.

Audit (kept true by the tests below): no code path builds a file name from a URL. Parquet files are
``<root>/year=<int>/part-<run_id>-<seq>.parquet`` (pipelines.storage), revisions ``rev-<run_id>-<seq>``,
manifests ``runs/<run_id>.json``; the year comes from a datetime, the run id from settings, never from a page.
"""

from __future__ import annotations

import os
import stat
import subprocess
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from pipelines.storage import PartitionedWriter
from rs_scraper.discovery import page_links, parse_feed, parse_sitemap
from tests.kit.faults import ConnectionProbe, billion_laughs, external_entities, once_per_session
from tests.kit.runs import REPO, read_manifests, scrapy_crawl_cmd

CANARY = "CANARY-51c0 must never be read"


@pytest.fixture
def canary(tmp_path) -> Path:
    path = tmp_path / "canary.txt"
    path.write_text(CANARY + "\n")
    return path


# ----------------------------------------------------------------------------------------------- XML
def test_sitemap_entity_bomb_does_not_expand():
    start = time.process_time()
    kind, links = parse_sitemap(billion_laughs(), "http://127.0.0.1")
    assert time.process_time() - start < 5  # expansion would be 3 GB of "lol": no chance of finishing
    assert all(len(link.url) < 200 for link in links)
    assert not [link for link in links if "lollol" in link.url]


def test_feed_entity_bomb_does_not_expand():
    body = (
        billion_laughs(root="rss")
        .replace(b"<url><loc>", b"<channel><item><link>")
        .replace(b"</loc></url>", b"</link></item></channel>")
    )
    links = parse_feed(body, "http://127.0.0.1") or []
    assert not [link for link in links if "lollol" in link.url]


def test_sitemap_external_entities_are_not_resolved(canary):
    with ConnectionProbe() as probe:
        body = external_entities(canary.as_uri(), probe.url + "/xxe")
        _, links = parse_sitemap(body, "http://127.0.0.1")
        _, links2 = parse_sitemap(external_entities("file:///etc/passwd", probe.url + "/xxe"), "http://127.0.0.1")
        time.sleep(0.3)  # an asynchronous fetch, if any, would have connected by now
    urls = " ".join(link.url for link in links + links2)
    assert "CANARY" not in urls and "root:" not in urls
    assert probe.connections == 0


def test_feed_external_entities_are_not_resolved(canary):
    with ConnectionProbe() as probe:
        body = (
            external_entities(canary.as_uri(), probe.url + "/xxe", root="rss")
            .replace(b"<url><loc>", b"<channel><item><link>")
            .replace(b"</loc></url>", b"</link></item></channel>")
        )
        links = parse_feed(body, "http://127.0.0.1") or []
        time.sleep(0.3)
    assert "CANARY" not in " ".join(link.url for link in links)
    assert probe.connections == 0


def test_html_links_do_not_load_entities(canary):
    body = (
        f'<!DOCTYPE html [<!ENTITY x SYSTEM "{canary.as_uri()}">]><html><body><a href="/a-&x;">x</a></body></html>'
    ).encode()
    assert "CANARY" not in " ".join(page_links(body, "http://127.0.0.1/"))


# ------------------------------------------------------------------------------------------ file paths
def test_storage_file_names_never_come_from_urls(tmp_path):
    root = tmp_path / "data" / "articles"
    writer = PartitionedWriter(root, "run1", flush_rows=1)
    for url in (
        "http://127.0.0.1/../../../../evil",
        "http://127.0.0.1/%2e%2e/%2e%2e/evil",
        "../../evil",
        "/etc/passwd",
        "http://127.0.0.1/..%2f..%2fevil",
    ):
        writer.add({"url": url, "title": "t", "text": "x", "published_at": datetime(2024, 1, 1, tzinfo=UTC)})
    writer.close()
    created = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file())
    assert created == [f"data/articles/year=2024/part-run1-{i:05d}.parquet" for i in range(5)]


def _snapshot(root: Path) -> set[str]:
    return {str(p) for p in root.rglob("*")}


@pytest.fixture(scope="module")
def hostile_crawl(tmp_path_factory):
    """A crawl under umask 022 fed article URLs that try to climb out of the data directory, one off-site URL
    and one to another loopback port; the mirror also redirects one article off-site."""
    return once_per_session(tmp_path_factory, "hostile-crawl", lambda: _hostile_crawl(tmp_path_factory))


def _hostile_crawl(tmp_path_factory) -> dict:
    from rs_scraper.mirror import MirrorServer, MirrorSite

    root = tmp_path_factory.mktemp("hostile")
    data_dir = root / "data"
    site = MirrorSite(articles=12, seed=4)
    with MirrorServer(site, port=0) as srv, ConnectionProbe() as probe:
        base = srv.base_url
        first = site.expected_rows(base)[0]["url"]
        srv.set_fault(first[len(base) :], redirect="http://offsite.invalid/x")
        urls = root / "urls.txt"
        urls.write_text(
            "\n".join(
                [
                    f"{base}/../../../../{root.name}-evil",
                    f"{base}/%2e%2e/%2e%2e/%2e%2e/{root.name}-evil",
                    f"{base}/..%2f..%2f{root.name}-evil",
                    f"{base}/%2E%2E%5C%2E%2E%5Cevil",
                    f"{probe.url}/article",
                    first,
                    *[row["url"] for row in site.expected_rows(base)[1:4]],
                ]
            )
            + "\n"
        )
        # Off-site lines (another host, another loopback port) are refused up front, naming their lines.
        offsite = root / "offsite-urls.txt"
        offsite.write_text(f"{first}\nhttp://offsite.invalid/article\n")
        cmd = scrapy_crawl_cmd(base, data_dir)
        refused = subprocess.run([*cmd, "-a", f"urls={offsite}"], cwd=REPO, capture_output=True, text=True, timeout=180)
        refused_requests = len(srv.requests)
        before = _snapshot(root.parent)
        result = subprocess.run(
            [*cmd, "-a", f"urls={urls}"],
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=180,
            preexec_fn=lambda: os.umask(0o022),
        )
        after = _snapshot(root.parent)
        paths = [r.path for r in srv.requests]
        connections = probe.connections
    return dict(
        root=root,
        data_dir=data_dir,
        result=result,
        created=after - before,
        paths=paths,
        refused=refused,
        refused_requests=refused_requests,
        offsite_file=offsite,
        connections=connections,
        counts=read_manifests(data_dir)[-1]["counts"],
    )


def test_urls_with_dot_segments_create_no_file_outside_the_data_dir(hostile_crawl):
    # the dot-segment URLs and the other port's (fetched from the base) are 404s, one article redirects off-site:
    # the run ends, and says it failed
    result = hostile_crawl["result"]
    assert result.returncode == 1, result.stderr[-2000:]
    assert "article_failures: 6 article URLs failed (http_404 5, offsite 1)" in result.stderr.splitlines()[-1]
    data_dir = str(hostile_crawl["data_dir"])
    outside = [p for p in hostile_crawl["created"] if not (p == data_dir or p.startswith(data_dir + os.sep))]
    assert outside == [], outside
    assert not [p for p in hostile_crawl["created"] if "evil" in p or ".." in Path(p).parts]
    # The crawl did write its files: the three plain article URLs (they also wait together for robots.txt,
    # which once handed None to all but the first waiter).
    assert hostile_crawl["counts"]["rs/written"] == 3
    assert not [k for k in hostile_crawl["counts"] if k.startswith("rs/failed/attributeerror")]


def test_only_the_configured_origin_is_ever_requested(hostile_crawl):
    assert hostile_crawl["connections"] == 0  # the other loopback port never saw a connection
    refused = hostile_crawl["refused"]
    assert refused.returncode == 2 and hostile_crawl["refused_requests"] == 0, refused.stderr[-2000:]
    assert refused.stderr.strip().splitlines() == [
        f"scrapy crawl rs: error: urls file {hostile_crawl['offsite_file']}: line 2 is not a URL of "
        f"https://responsiblestatecraft.org (first: 'http://offsite.invalid/article')"
    ]
    counts = hostile_crawl["counts"]
    assert counts.get("rs/skipped/offsite", 0) + counts.get("rs/failed/offsite", 0) >= 1  # the off-site redirect
    assert counts.get("rs/failed/dns", 0) == 0  # offsite.invalid was refused before any lookup


def test_outputs_have_ordinary_permissions(hostile_crawl):
    """Under umask 022: files 0644, directories 0755; nothing group- or world-writable."""
    data_dir = hostile_crawl["data_dir"]
    entries = [data_dir, *data_dir.rglob("*")]
    assert len(entries) > 3
    for path in entries:
        mode = stat.S_IMODE(path.stat().st_mode)
        assert not mode & 0o022, f"{path} is group/world-writable: {oct(mode)}"
        if path.is_dir():
            assert mode == 0o755, f"{path}: {oct(mode)}"
        elif path.suffix in (".parquet", ".json"):
            assert mode == 0o644, f"{path}: {oct(mode)}"
        else:
            assert mode & 0o600 == 0o600, f"{path}: {oct(mode)}"  # e.g. crawl.lock: owner read/write
