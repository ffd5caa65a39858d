"""``rs-scraper demo``, the README's first command, end to end (on a free port, into a temporary data dir)."""

import pandas as pd

from tests.kit.runs import rs_cli


def test_demo_crawls_the_mirror_into_parquet(tmp_path):
    data_dir = tmp_path / "data"
    result = rs_cli("demo", "--port", "0", "--articles", "64", "--data-dir", str(data_dir))
    assert result.returncode == 0, result.stderr[-3000:]
    frame = pd.read_parquet(data_dir / "articles")
    assert len(frame) == 64 and frame["url"].is_unique
    assert str(frame["published_at"].dtype) == "datetime64[us, UTC]"
    assert "written 64" in result.stdout and "dataset: 64 articles" in result.stdout
    assert "read_parquet" in result.stdout  # tells the user how to load it
    assert list((data_dir / "runs").glob("*.json")), "the run left no manifest"
    # the citation graph of the demo's dataset: one row per (article, link), in body order
    out = tmp_path / "links.parquet"
    export = rs_cli("export", "--data-dir", str(data_dir), "--table", "links", str(out))
    assert export.returncode == 0, export.stderr[-2000:]
    table = pd.read_parquet(out)
    assert len(table) == frame["links"].map(len).sum() > 0
    assert f"exported {len(table)} links" in export.stderr
    want = sorted(
        (url, i, link["url"], link["internal"])
        for url, links in zip(frame["url"], frame["links"], strict=True)
        for i, link in enumerate(links)
    )
    got = sorted(zip(table["url"], table["position"], table["link_url"], table["link_internal"], strict=True))
    assert got == want
    assert table["link_internal"].any() and not table["link_internal"].all()
    assert table["link_url"].str.match(r"https?://").all() and not table["link_url"].str.contains("utm_").any()
    internal = set(table.loc[table["link_internal"], "link_url"])
    assert internal & set(frame["url"]), "an internal link joins the row of the article it cites"


def test_demo_rejects_bad_arguments():
    result = rs_cli("demo", "--articles", "0")
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0 and "--articles" in result.stderr


def test_demo_falls_back_to_a_free_port_when_the_default_is_busy(tmp_path):
    import socket

    from rs_scraper.cli.demo_cmd import DEMO_PORT

    blocker = socket.socket()
    try:
        blocker.bind(("127.0.0.1", DEMO_PORT))
        blocker.listen()
    except OSError:
        pass  # something else already holds it: the demo faces the same situation
    try:
        result = rs_cli("demo", "--articles", "3", "--data-dir", str(tmp_path / "data"))
    finally:
        blocker.close()
    assert result.returncode == 0, result.stderr[-2000:]
    assert f"port {DEMO_PORT} is in use" in result.stderr
    assert f":{DEMO_PORT}" not in result.stdout.splitlines()[0]
    assert len(pd.read_parquet(tmp_path / "data" / "articles")) == 3
