"""The data card: every crawl writes DATA_DIR/DATASET.md and DATA_DIR/dataset_info.json from what is stored, and
the Hugging Face ``datasets`` library loads the dataset and reads the info, offline."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from rs_scraper import datacard
from rs_scraper.items import COLUMNS
from rs_scraper.verify import verify
from tests.kit.runs import REPO, rs_cli

LOOPBACK = ["-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False"]


@pytest.fixture(scope="module")
def crawled(tmp_path_factory) -> Path:
    from rs_scraper.mirror import MirrorServer, MirrorSite

    data = tmp_path_factory.mktemp("card") / "data"
    with MirrorServer(MirrorSite(articles=10, seed=5, layout="rebelmouse"), port=0) as server:
        result = rs_cli("crawl", "--base-url", server.base_url, "--data-dir", str(data), *LOOPBACK)
    assert result.returncode == 0, result.stderr[-2000:]
    return data


def test_every_crawl_writes_the_card_from_what_is_stored(crawled):
    frame = pd.read_parquet(crawled / "articles")
    text = (crawled / "DATASET.md").read_text(encoding="utf-8")
    assert f"- **Articles**: {len(frame)} " in text
    days = sorted(frame["published_date"])
    assert f"- **Published**: {days[0]} to {days[-1]} " in text
    for version, n in frame["parser_version"].value_counts().items():
        assert f"{version} ({n})" in text
    for col in COLUMNS:  # every field with its coverage
        assert f"| `{col.name}` | `{col.arrow}` | " in text
    assert "| `published_date` | `date32[day]` | 100.0% |" in text
    assert "terms of use" in text and "does not know" in text and "@misc{" in text
    assert not list(crawled.glob("_tmp-*")) and verify(crawled).ok  # atomic, and no trouble for verify
    manifest = json.loads(sorted((crawled / "runs").glob("*.json"))[-1].read_text())
    assert manifest["counts"]["rs/written/data_card"] == 1


def test_the_card_follows_the_data(crawled, tmp_path):
    data = tmp_path / "data"
    shutil.copytree(crawled, data)
    first = sorted((data / "articles").rglob("*.parquet"))[0]
    first.unlink()  # fewer rows now
    datacard.write(data)
    rows = len(pd.read_parquet(data / "articles"))
    assert f"- **Articles**: {rows} " in (data / "DATASET.md").read_text(encoding="utf-8")
    assert json.loads((data / "dataset_info.json").read_text())["splits"]["train"]["num_examples"] == rows


def test_hugging_face_datasets_loads_it_offline(crawled, tmp_path):
    # a subprocess: datasets reads its offline switches and cache location at import time
    script = f"""
import datasets, json, sys
ds = datasets.load_dataset("parquet", data_dir={str(crawled / "articles")!r}, split="train")
info = datasets.DatasetInfo.from_directory({str(crawled)!r})
declared = datasets.Features.from_dict(json.load(open({str(crawled / "dataset_info.json")!r}))["features"])
loaded = {{k: v for k, v in ds.features.items() if k != "year"}}
assert dict(declared) == loaded, (declared, loaded)
assert declared == datasets.Features.from_arrow_schema(__import__("rs_scraper.schema").schema.ARTICLE_SCHEMA)
typed = datasets.load_dataset("parquet", data_dir={str(crawled / "articles")!r}, split="train", features=declared)
print(ds.num_rows, typed.num_rows, info.splits["train"].num_examples, info.homepage, "terms of use" in info.license)
"""
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "HF_DATASETS_OFFLINE": "1", "HF_HOME": str(tmp_path / "hf")}
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True, env=env, timeout=300
    )
    assert result.returncode == 0, result.stderr[-3000:]
    rows = len(pd.read_parquet(crawled / "articles"))
    assert result.stdout.split() == [str(rows), str(rows), str(rows), "https://responsiblestatecraft.org", "True"]


def test_the_bodies_are_read_alone_and_every_light_column_in_one_pass(crawled):
    """The card reads the light columns in one pass and each body column in its own (a pass costs per row group,
    a body column's batch is big), decided from the footer of the stored files."""
    from pipelines.storage import data_files

    per_row = datacard._bytes_per_row(data_files(crawled / "articles"))
    passes = datacard._passes([c.name for c in COLUMNS], per_row)
    light, *heavy = passes
    assert sorted(n for names in passes for n in names) == sorted(c.name for c in COLUMNS)  # each column once
    assert {"text", "text_markdown"} <= {n for (n,) in heavy} and all(len(p) == 1 for p in heavy)
    assert {"url", "title", "published_date", "word_count"} <= set(light)
    assert all(per_row[n] >= datacard.HEAVY_BYTES for (n,) in heavy)
    assert all(per_row.get(n, 0) < datacard.HEAVY_BYTES for n in light)
