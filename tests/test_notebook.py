"""notebooks/explore_articles.ipynb runs headless (nbclient) on a crawled dataset and on a tiny synthetic one,
draws its figures, and is committed without outputs."""

from __future__ import annotations

import importlib.util
import json
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import nbformat
import pandas as pd
import pytest
from nbclient import NotebookClient

from pipelines.storage import PartitionedWriter
from tests.kit.runs import REPO, scrapy_crawl

NOTEBOOK = REPO / "notebooks" / "explore_articles.ipynb"
STRIP = REPO / "notebooks" / "strip_outputs.py"
MIN_FIGURES = 7


@pytest.fixture
def kernel_env(tmp_path, monkeypatch):
    """The kernel is this interpreter (the venv's), whatever kernelspecs the machine has: a kernelspec on
    JUPYTER_PATH wins over user and system ones. Figures render without a display."""
    spec = tmp_path / "jupyter" / "kernels" / "python3"
    spec.mkdir(parents=True)
    spec.joinpath("kernel.json").write_text(
        json.dumps(
            {
                "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
                "display_name": "Python 3 (test)",
                "language": "python",
            }
        )
    )
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path / "jupyter"))
    monkeypatch.setenv("MPLBACKEND", "Agg")
    monkeypatch.delenv("RS_ARTICLES", raising=False)
    return monkeypatch


def execute(articles: Path | str | None, env, cwd: Path = NOTEBOOK.parent) -> nbformat.NotebookNode:
    """Run the notebook with RS_ARTICLES=articles (unset if None) in ``cwd`` (notebooks/, as Jupyter would);
    a failing cell raises CellExecutionError."""
    if articles is None:
        env.delenv("RS_ARTICLES", raising=False)
    else:
        env.setenv("RS_ARTICLES", str(articles))
    nb = nbformat.read(NOTEBOOK, as_version=4)
    NotebookClient(nb, kernel_name="python3", timeout=120, resources={"metadata": {"path": str(cwd)}}).execute()
    return nb


def outputs(nb: nbformat.NotebookNode) -> list[dict]:
    return [out for cell in nb.cells if cell.cell_type == "code" for out in cell.outputs]


def figures(nb: nbformat.NotebookNode) -> int:
    return sum("image/png" in out.get("data", {}) for out in outputs(nb))


def printed(nb: nbformat.NotebookNode) -> str:
    return "".join(out.get("text", "") for out in outputs(nb) if out.output_type == "stream")


def figure_info(nb: nbformat.NotebookNode) -> list[dict]:
    """Per figure: its alt text, title and axis labels, as the notebook's show() records them."""
    return [out["metadata"].get("image/png", {}) for out in outputs(nb) if "image/png" in out.get("data", {})]


def assert_clean_run(nb: nbformat.NotebookNode) -> None:
    assert all(cell.execution_count for cell in nb.cells if cell.cell_type == "code"), "a cell did not run"
    assert not [out for out in outputs(nb) if out.output_type == "error"]
    stderr = [out.text for out in outputs(nb) if out.output_type == "stream" and out.name == "stderr"]
    assert not stderr, f"warnings or errors printed: {stderr}"
    assert figures(nb) >= MIN_FIGURES
    for info in figure_info(nb):  # every figure: alt text, a title, every visible axis labelled
        assert len(info.get("alt", "")) > 30, info
        meta = info["rs_figure"]
        assert meta["title"] and meta["alt"] == info["alt"]
        assert all(axis["ylabel"] for axis in meta["axes"]) and (not meta["axes"] or meta["axes"][-1]["xlabel"])


def _titled(nb: nbformat.NotebookNode, start: str) -> dict:
    return next(i for i in figure_info(nb) if i["rs_figure"]["title"].startswith(start))


# ------------------------------------------------------------------------------------------ crawled dataset
@pytest.fixture(scope="module")
def crawled(tmp_path_factory) -> Path:
    from rs_scraper.mirror import MirrorServer, MirrorSite

    data_dir = tmp_path_factory.mktemp("crawl")
    with MirrorServer(MirrorSite(articles=30, seed=3), port=0) as server:
        # the mixed mirror carries author-less pages on purpose (2 of 30): not what this test judges
        result = scrapy_crawl(server.base_url, data_dir, "-s", "RS_MONITOR_TOLERATED_ROWS=2")
    assert result.returncode == 0, result.stderr[-3000:]
    return data_dir / "articles"


def test_notebook_runs_on_a_crawled_dataset(crawled, kernel_env):
    rows = len(pd.read_parquet(crawled))
    assert rows >= 20, "the crawl wrote too few articles to explore"
    nb = execute(crawled, kernel_env)
    assert_clean_run(nb)
    assert f"{rows} articles in {crawled}" in printed(nb)
    days = pd.read_parquet(crawled, columns=["published_date"])["published_date"]
    assert f"published {days.min():%Y-%m-%d} to {days.max():%Y-%m-%d}" in printed(nb)  # the site's calendar
    per_period = [i for i in figure_info(nb) if len(i["rs_figure"]["axes"]) == 2]
    assert len(per_period) >= 3  # normalised shares above, n below
    for info in per_period:
        upper, lower = info["rs_figure"]["axes"]
        assert upper["ylabel"].startswith("share of the") and lower["ylabel"] == "n (articles)"
    # the citation figures, from the links the parser stored (the mirror's paragraphs cite .gov and .mil pages)
    links = pd.read_parquet(crawled, columns=["links"])["links"]
    cites = sum(any(ln["domain"].endswith((".gov", ".mil")) for ln in row) for row in links)
    assert 0 < cites < rows
    assert f"{cites / rows:.1%} of {rows} articles with link data cite a .gov or .mil source" in printed(nb)
    assert "No outside link" not in _titled(nb, "Articles citing a government source")["alt"]
    cited = next(i for i in figure_info(nb) if "most-cited outside domains" in i["rs_figure"]["title"])
    assert "congress.gov" in cited["alt"]


# ------------------------------------------------------------------------------------------ small datasets
def _small(root: Path, rows: int, start: datetime, step: timedelta, undated: int = 0) -> Path:
    """A few months of rows with the gaps a small dataset has: no section, no type, no byline, no date."""
    writer = PartitionedWriter(root, "small", flush_rows=7)
    for i in range(rows + undated):
        text = " ".join(["Iran and China talk.", "Russia, Ukraine."][: 1 + i % 2] * (20 + i))
        writer.add(
            {
                "url": f"https://x.org/s{i}",
                "title": f"S{i}",
                "text": text,
                "word_count": len(text.split()),
                "published_at": start + i * step if i < rows else None,
                "section": ["Europe", None, "QiOSK"][i % 3],
                "article_type": [None, "Analysis"][i % 2],
                "authors": [[], ["Ann"], ["Ann", "Bo"]][i % 3],
                "tags": [],
            }
        )
    writer.close()
    return root


@pytest.mark.parametrize("shape", ["twenty_rows_three_months", "one_article_no_date"])
def test_notebook_runs_on_a_small_dataset(tmp_path, kernel_env, shape):
    if shape == "twenty_rows_three_months":
        root = _small(tmp_path / "articles", 20, datetime(2024, 3, 1, tzinfo=UTC), timedelta(days=4), 1)
        # and one URL stored twice, as a crash window can leave it: still counted once
        again = PartitionedWriter(root, "again")
        again.add({"url": "https://x.org/s0", "title": "S0 edited", "text": "x", "word_count": 1})
        again.close()
        expect = "21 articles in"
    else:  # nothing can be plotted over time: the figures say so instead of failing
        root = _small(tmp_path / "articles", 0, datetime(2024, 3, 1, tzinfo=UTC), timedelta(0), 1)
        expect = "1 articles in"
    nb = execute(root, kernel_env)
    assert_clean_run(nb)
    assert expect in printed(nb)


def _with_links(root: Path) -> dict:
    """Articles over two quarters of 2024 (beginning mid-February, ending mid-May) with a links column."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from rs_scraper.schema import ARTICLE_SCHEMA

    schema = ARTICLE_SCHEMA
    gov = {"url": "https://www.state.gov/r", "text": "report", "domain": "www.state.gov", "internal": False}
    mil = {"url": "https://www.army.mil/r", "text": "army", "domain": "www.army.mil", "internal": False}
    think = {"url": "https://quincyinst.org/x", "text": "q", "domain": "quincyinst.org", "internal": False}
    own = {
        "url": "https://responsiblestatecraft.org/y",
        "text": "ours",
        "domain": "responsiblestatecraft.org",
        "internal": True,
    }
    rows = []
    for i in range(12):
        day = datetime(2024, 2, 15, 14, tzinfo=UTC) + timedelta(days=8 * i)
        links = [[gov, gov, think], [think, own], [mil], []][i % 4]
        rows.append(
            {
                "url": f"https://x.org/l{i}",
                "title": f"L{i}",
                "text": "Iran said. " * 30,
                "word_count": 60,
                "published_at": day,
                "published_date": day.date(),
                "published_precision": "minute",
                "section": "Europe",
                "article_type": "Analysis",
                "authors": ["Ann"],
                "tags": [],
                "fetched_at": datetime(2024, 6, 1, tzinfo=UTC),
                "links": links,
            }
        )
    root.joinpath("year=2024").mkdir(parents=True)
    pq.write_table(
        pa.Table.from_pylist([{n: r.get(n) for n in schema.names} for r in rows], schema=schema),
        root / "year=2024" / "part-l-00000.parquet",
    )
    cites = sum(1 for r in rows if any(link["domain"].endswith((".gov", ".mil")) for link in r["links"]))
    return {"rows": len(rows), "government": cites}


def test_citation_figures_are_drawn_from_the_links_column(tmp_path, kernel_env):
    expected = _with_links(tmp_path / "articles")
    nb = execute(tmp_path / "articles", kernel_env)
    assert_clean_run(nb)
    share = expected["government"] / expected["rows"]
    assert f"{share:.1%} of {expected['rows']} articles with link data cite a .gov or .mil source" in printed(nb)
    domains = _titled(nb, "The 3 most-cited outside domains")  # state.gov, quincyinst.org, army.mil
    assert "state.gov (3 articles)" in domains["alt"] and "quincyinst.org (6 articles)" in domains["alt"]
    government = _titled(nb, "Articles citing a government source")
    # the data begins mid-February and ends mid-May: the first and last quarters are marked as partial
    assert "Partly covered, so hatched: 2024Q1, 2024Q2." in government["alt"]


def test_citation_figures_say_so_without_link_data(tmp_path, kernel_env):
    _small(tmp_path / "articles", 6, datetime(2024, 3, 1, tzinfo=UTC), timedelta(days=5))
    nb = execute(tmp_path / "articles", kernel_env)
    assert_clean_run(nb)
    assert "No outside link in this dataset" in _titled(nb, "Articles citing a government source")["alt"]


def test_default_dataset_is_found_from_the_repository_root(tmp_path, kernel_env):
    # A checkout elsewhere, opened from its notebooks/ folder, RS_ARTICLES unset: data/articles is found from
    # the folder holding pyproject.toml, not from the cwd. (A relative RS_ARTICLES resolves the same way.)
    repo = tmp_path / "checkout"
    (repo / "notebooks").mkdir(parents=True)
    (repo / "pyproject.toml").write_text("[project]\nname = 'x'\n")
    _small(repo / "data" / "articles", 5, datetime(2024, 1, 1, tzinfo=UTC), timedelta(days=9))
    nb = execute(None, kernel_env, cwd=repo / "notebooks")
    assert f"5 articles in {repo / 'data' / 'articles'}" in printed(nb)


# ------------------------------------------------------------------------------------------ committed form
def test_committed_notebook_has_no_outputs():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    nbformat.validate(nb)
    code = [cell for cell in nb.cells if cell.cell_type == "code"]
    assert code and all(cell.outputs == [] and cell.execution_count is None for cell in code), (
        "strip it: python notebooks/strip_outputs.py"
    )
    assert "execution" not in json.dumps([cell.metadata for cell in code])


def _strip_main():
    spec = importlib.util.spec_from_file_location("strip_outputs", STRIP)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.main


def test_strip_outputs_cleans_an_executed_copy(tmp_path, capsys):
    strip_main = _strip_main()
    nb = nbformat.read(NOTEBOOK, as_version=4)
    nb.cells[1].outputs = [nbformat.v4.new_output("stream", name="stdout", text="hello")]
    nb.cells[1].execution_count = 3
    nb.cells[1].metadata["execution"] = {"iopub.status.busy": "2026-01-01T00:00:00Z"}
    nb.metadata["language_info"] = {"name": "python", "version": "3.11.7"}
    copy = tmp_path / "copy.ipynb"
    nbformat.write(nb, copy)
    dirty = copy.read_text()
    assert strip_main(["--check", str(copy)]) == 1 and "has outputs" in capsys.readouterr().out
    assert copy.read_text() == dirty  # --check changes nothing
    assert strip_main([str(copy)]) == 0
    assert copy.read_text() == NOTEBOOK.read_text()  # back to exactly the committed form
    assert strip_main(["--check", str(copy)]) == 0
