"""A crawl process never imports pandas, nor ``pyarrow.dataset`` (whose module imports pandas): ~40 MiB of RSS
and ~0.3 s of import that a crawl never needs (issue 14). Its readers of the data dir go through
pipelines.storage.StoredFiles, and rs_scraper.session.arrow_without_pandas keeps pyarrow's lazy pandas import
from happening at the first Arrow conversion.

Two real ``scrapy crawl rs`` runs into one data dir, in subprocesses: the first over a data dir of schema v1 (its
files migrated, its index and revisions loaded), the second over what the first stored (the stored index, the
revision index and the WARC index loaded), with a crash-window duplicate planted (found when the index is read,
repaired) and an edited article (a replaced row, a new revision, WARC records). Each run writes the names of its
loaded modules at exit."""

from __future__ import annotations

import json
import shutil
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pyarrow.parquet as pq

from pipelines.storage import data_files, write_table_atomic
from rs_scraper import statkeys as sk
from tests.kit.runs import REPO, read_manifests, scrapy_crawl_cmd

FIXTURES = Path(__file__).parent / "fixtures"
ARTICLES = 24
V1_ROWS = 4  # the articles of fixtures/datadir_v1
FORBIDDEN = ("pandas", "pyarrow.dataset", "pyarrow._dataset", "pyarrow.acero")

# `python -c MODULES_WRAPPER OUT -m scrapy ...`: runs the module, writes sorted(sys.modules) to OUT at exit (also
# when the command ends with sys.exit, as scrapy crawl does)
MODULES_WRAPPER = (
    "import atexit, json, runpy, sys\n"
    "out = sys.argv.pop(1)\n"
    "atexit.register(lambda: open(out, 'w').write(json.dumps(sorted(sys.modules))))\n"
    "module = sys.argv[2]\n"
    "sys.argv = [module] + sys.argv[3:]\n"
    "runpy.run_module(module, run_name='__main__', alter_sys=True)\n"
)


def crawl_modules(base_url: str, data_dir: Path, out: Path) -> tuple[subprocess.CompletedProcess, list[str]]:
    argv = scrapy_crawl_cmd(base_url, data_dir, "-s", "LOG_LEVEL=WARNING")
    command = [argv[0], "-c", MODULES_WRAPPER, str(out), *argv[1:]]
    result = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=300)
    return result, json.loads(out.read_text()) if out.exists() else []


def plant_duplicate(articles: Path) -> str:
    """A crash window's extra copy of one stored row (older, so the stored row stays the latest); its URL."""
    path = data_files(articles)[-1]
    row = pq.read_table(path).slice(0, 1)
    older = row.set_column(
        row.schema.get_field_index("fetched_at"),
        row.schema.field("fetched_at"),
        [[row.column("fetched_at")[0].as_py() - timedelta(days=1)]],
    )
    write_table_atomic(older, path.parent / "part-20200101T000000Z-dup000-00000.parquet", articles.parent)
    return row.column("url")[0].as_py()


def test_a_crawl_and_a_recrawl_never_import_pandas_nor_pyarrow_dataset(tmp_path):
    from rs_scraper.mirror import MirrorServer, MirrorSite

    data = tmp_path / "data"
    shutil.copytree(FIXTURES / "datadir_v1", data)
    site = MirrorSite(articles=ARTICLES, seed=3)
    runs = []
    with MirrorServer(site, port=0) as server:
        runs.append(crawl_modules(server.base_url, data, tmp_path / "first.json"))
        duplicated = plant_duplicate(data / "articles")
        site.update_article(0, when=datetime.now(UTC))
        runs.append(crawl_modules(server.base_url, data, tmp_path / "second.json"))

    for n, (result, modules) in enumerate(runs, 1):
        # exit 1 is a failed monitor (a small mirror beside the v1 fixture's rows), not this test's concern
        assert result.returncode in (0, 1), f"run {n}: {result.stderr[-3000:]}"
        assert "pyarrow.parquet" in modules and "rs_scraper.spiders.rs" in modules, f"run {n}: no module list"
        assert not [m for m in modules if m.split(".")[0] == "pandas" or m in FORBIDDEN], f"run {n} imported them"

    first, second = (m["counts"] for m in read_manifests(data)[-2:])
    assert first.get(sk.WRITTEN) == ARTICLES and second.get(sk.WRITTEN, 0) >= 1, (first, second)
    assert second.get(sk.REVISIONS_WRITTEN, 0) >= 1 and second.get(sk.REPAIRED_DUPLICATE_ROWS) == 1, second
    urls = [u for path in data_files(data / "articles") for u in pq.read_table(path).column("url").to_pylist()]
    assert len(urls) == len(set(urls)) == ARTICLES + V1_ROWS and duplicated in urls
