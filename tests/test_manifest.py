"""The run manifest and its reconciliation, on hand-made stats (real crawls: tests/test_cron_runs.py)."""

from __future__ import annotations

import json

from scrapy import Request

from pipelines.base import DropWithReason
from rs_scraper.extensions.accounting import RunAccounting, reconcile
from rs_scraper.extensions.manifest import RunManifest
from rs_scraper.extensions.monitors import RESULTS_KEY
from rs_scraper.locking import CrawlLock, lock_path
from tests.kit.crawler import crawler, spider
from tests.kit.runs import rs_cli

BALANCED = {
    "rs/discovered": 10,
    "rs/outcome/skipped/unchanged": 3,
    "rs/outcome/skipped/limit": 1,
    "rs/outcome/written_new": 2,
    "rs/outcome/written_updated": 1,
    "rs/outcome/unchanged_refetch": 1,
    "rs/outcome/not_article/listing": 1,
    "rs/outcome/dropped/no_title": 0,
    "rs/outcome/failed/http_404": 1,
}


def test_reconciliation_balances_and_shows_its_equation():
    rec = reconcile(BALANCED)
    assert rec["balanced"] and rec["unaccounted"] == 0 and rec["skipped"] == 4 and rec["failed"] == 1
    assert rec["equation"] == (
        "discovered (10) == skipped (4) + written_new (2) + written_updated (1) + "
        "unchanged_refetch (1) + not_article (1) + dropped (0) + failed (1) = 10"
    )


def test_reconciliation_reports_what_is_missing():
    rec = reconcile({**BALANCED, "rs/discovered": 12})
    assert not rec["balanced"] and rec["unaccounted"] == 2


def test_outcomes_outside_the_callbacks_are_counted():
    made = crawler()
    stats = made.stats
    # built as Scrapy builds it; its handlers called directly: a signal would also reach Scrapy's own CoreStats
    accounting = RunAccounting.from_crawler(made)
    accounting.item_dropped(item={}, response=None, exception=DropWithReason("unchanged"))
    accounting.item_dropped(item={}, response=None, exception=DropWithReason("out_of_range"))
    accounting.item_error(item={}, response=None)
    accounting.request_dropped(Request("http://127.0.0.1:9/a", meta={"rs_source": "sitemap"}))
    accounting.request_dropped(Request("http://127.0.0.1:9/b", meta={"rs_discovery": True}))  # not an article URL
    assert stats.get_stats() == {
        "rs/outcome/unchanged_refetch": 1,
        "rs/outcome/dropped/out_of_range": 1,
        "rs/failed/pipeline_error": 1,
        "rs/outcome/failed/pipeline_error": 1,
        "rs/dropped/duplicate_request": 1,
        "rs/outcome/dropped/duplicate_request": 1,
    }


def crawler_with(tmp_path, stats: dict):
    """A crawler of an rs run (project settings) over an empty data dir, its stats collector holding ``stats``."""
    made = crawler(
        {"RS_DATA_DIR": str(tmp_path), "RS_RUN_ID": "20260101T000000Z-abcdef", "RS_BASE_URL": "http://127.0.0.1:9"},
        project=True,
        stats=stats,
    )
    spider(made)
    return made


def test_manifest_while_running_then_final(tmp_path):
    made = crawler_with(
        tmp_path,
        {
            **BALANCED,
            "finish_reason": "finished",
            RESULTS_KEY: [{"name": "markup_drift", "passed": False, "message": "drift!"}],
        },
    )
    ext = RunManifest(made)
    ext.spider_opened(made.spider)
    path = tmp_path / "runs" / "20260101T000000Z-abcdef.json"
    running = json.loads(path.read_text())
    assert running["status"] == "running" and running["pid"] and running["counts"] == {}
    ext.spider_closed(made.spider, "finished")
    manifest = json.loads(path.read_text())
    assert manifest["status"] == "failed" and manifest["exit_code"] == 1
    assert manifest["problems"] == ["markup_drift: drift!"]
    assert manifest["reconciliation"]["balanced"] and manifest["summary"]["skipped_unchanged"] == 3
    assert manifest["summary"]["failed_by_reason"] == {"http_404": 1}
    assert set(manifest["versions"]) >= {"rs_scraper", "scrapy", "parser", "pyarrow", "spidermon"}
    assert all(isinstance(v, (int, float)) for v in manifest["counts"].values())  # what verify requires
    assert RESULTS_KEY not in manifest["stats"]


def test_manifest_judges_the_run_itself_when_spidermon_is_off(tmp_path):
    made = crawler_with(tmp_path, {**BALANCED, "finish_reason": "finished"})
    manifest = RunManifest(made).build("finished")
    assert manifest["monitors_source"] == "direct"
    assert {m["name"] for m in manifest["monitors"]} >= {"markup_drift", "reconciliation", "field_coverage"}


def test_runs_lists_a_killed_run_as_interrupted_and_a_live_one_as_running(tmp_path):
    runs = tmp_path / "runs"
    runs.mkdir()
    (runs / "a.json").write_text(
        json.dumps({"run_id": "a", "status": "running", "counts": {}, "started_at": "2026-01-01T00:00:00+00:00"})
    )
    (runs / "b.json").write_text(
        json.dumps(
            {
                "run_id": "b",
                "status": "ok",
                "exit_code": 0,
                "started_at": "2026-01-02T00:00:00+00:00",
                "duration_s": 12.5,
                "summary": {"discovered": 35, "fetched": 1, "written_new": 0, "written_updated": 1, "failed": 0},
                "monitors": [{"name": "finished", "passed": True, "message": ""}],
                "counts": {},
            }
        )
    )
    result = rs_cli("runs", "--data-dir", str(tmp_path))
    assert result.returncode == 0, result.stderr
    header, first, second = result.stdout.strip().splitlines()
    assert header.split() == [
        "run_id",
        "started",
        "(UTC)",
        "duration",
        "discovered",
        "fetched",
        "new",
        "updated",
        "failed",
        "status",
    ]
    assert first.split()[0] == "a" and first.endswith("interrupted")
    assert second.split() == ["b", "2026-01-02", "00:00:00", "12.5s", "35", "1", "0", "1", "0", "ok", "(0)"]
    with CrawlLock(lock_path(tmp_path)):
        assert rs_cli("runs", "--data-dir", str(tmp_path)).stdout.splitlines()[1].endswith("running")
