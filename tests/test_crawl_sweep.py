"""After an interrupted run, the next ``rs-scraper crawl`` clears its partial files, so ``verify`` is clean."""

from tests.conftest import LOOPBACK, rs_cli


def test_crawl_sweeps_partial_files_then_verify_passes(tmp_path, mirror_factory):
    server = mirror_factory(articles=8, seed=2, layout="rebelmouse")
    data_dir = tmp_path / "data"
    leftover = data_dir / "articles" / "year=2025" / "_tmp-deadbeef-part-x-00000.parquet"
    leftover.parent.mkdir(parents=True)
    leftover.write_bytes(b"PAR1 half a file from a killed run")
    assert rs_cli("verify", str(data_dir)).returncode != 0  # the leftover is reported
    crawl = rs_cli("crawl", "--data-dir", str(data_dir), "--base-url", server.base_url, *LOOPBACK)
    assert crawl.returncode == 0, crawl.stderr[-2000:]
    assert "removed 1 partial file" in crawl.stderr
    assert not leftover.exists()
    verify = rs_cli("verify", str(data_dir))
    assert verify.returncode == 0, verify.stdout + verify.stderr
