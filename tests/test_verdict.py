"""The verdict of a run (rs_scraper.verdict), on hand-made stats: the exit rule and the one line that says why."""

from __future__ import annotations

from rs_scraper.verdict import cause, judge

BASE = "https://responsiblestatecraft.org"
OK = [{"name": "finished", "passed": True, "message": "ok"}]


def verdict(stats: dict, monitors=OK, failed: dict | None = None, previous: dict | None = None, **kw):
    return judge(
        {"finish_reason": "finished", "rs/discovered": 10, "rs/fetched": 10, **stats},
        monitors,
        failed_urls=failed or {},
        previous_failed=previous or {},
        tolerated=3,
        base_url=BASE,
        **kw,
    )


def test_a_good_run_is_ok():
    v = verdict({"rs/outcome/written_new": 10})
    assert (v.exit_code, v.status, v.line) == (0, "ok", "ok")


def test_a_few_first_time_failures_exit_0_but_name_every_url():
    v = verdict(
        {"rs/outcome/written_new": 8, "rs/outcome/failed/http_404": 1, "rs/outcome/failed/http_500": 1},
        failed={f"{BASE}/a": "http_404", f"{BASE}/b": "http_500"},
    )
    assert (v.exit_code, v.status) == (0, "partial")
    assert v.line == (
        f"partial (exit 0): 2 article URL(s) failed (http_404 1, http_500 1), fetched again on the "
        f"next run: {BASE}/a, {BASE}/b"
    )


def test_a_url_failing_twice_in_a_row_or_too_many_failures_exit_1():
    twice = verdict(
        {"rs/outcome/failed/timeout": 1}, failed={f"{BASE}/a": "timeout"}, previous={f"{BASE}/a": "http_500"}
    )
    assert twice.exit_code == 1 and "repeated_failures: 1 article URL(s)" in twice.line
    failed = {f"{BASE}/{i}": "http_500" for i in range(4)}
    many = verdict({"rs/outcome/failed/http_500": 4}, failed=failed)
    assert many.exit_code == 1 and "more than RS_FAILURES_TOLERATED (3)" in many.line


def test_a_failed_monitor_and_a_section_that_matched_nothing_exit_1():
    drift = [{"name": "markup_drift", "passed": False, "message": "markup drift: 9 of 9 ..."}]
    v = verdict({"rs/outcome/written_new": 9}, monitors=drift)
    assert v.exit_code == 1 and v.line == "FAILED (exit 1): markup_drift: markup drift: 9 of 9 ..."
    nothing = verdict({"rs/outcome/dropped/section_filtered": 10}, sections=("Narnia",))
    assert nothing.exit_code == 1 and "sections: no article matched sections Narnia" in nothing.line
    assert verdict({}, monitors=None).exit_code == 1  # a run that could not be judged is not ok


def test_the_wall_clock_ceiling_exits_3():
    v = verdict({"finish_reason": "closespider_timeout", "rs/outcome/written_new": 4})
    assert v.exit_code == 3 and v.status == "stopped" and "stored new 4" in v.line


def test_the_cause_is_said_in_plain_words_network_first():
    assert cause({"rs/discovery_failed/dns": 2}, BASE) == "cannot resolve responsiblestatecraft.org"
    # robots.txt unreachable closes the site (RFC 9309): the network is the cause, not robots
    refused = {"rs/robots/status/connection_refused": 1, "rs/discovery_failed/robots": 2}
    assert cause(refused, "http://127.0.0.1:9") == "cannot connect to 127.0.0.1:9 (connection refused)"
    closed = {"rs/robots/status/503": 1, "rs/robots/disallow_all": 1, "rs/discovery_failed/robots": 2}
    assert "answered HTTP 503: the whole site is closed to crawlers" in cause(closed, BASE)
    assert cause({"rs/outcome/failed/http_502": 5}, BASE) == "responsiblestatecraft.org answered HTTP 502"
    v = verdict({"rs/discovered": 0, "rs/fetched": 0, "rs/discovery_failed/dns": 2})
    assert v.line.startswith("FAILED (exit 1): cannot resolve responsiblestatecraft.org; discovery: no article")
