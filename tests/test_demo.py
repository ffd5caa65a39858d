"""``rs-scraper demo``, the README's first command, end to end (on a free port, into a temporary data dir)."""

import pandas as pd

from tests.conftest import rs_cli


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
