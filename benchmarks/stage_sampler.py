"""Where the crawl's CPU goes, by stage: a sampling profiler around a command, without per-call overhead.

    python benchmarks/stage_sampler.py OUT.json -m scrapy crawl rs -s ...

A thread wakes every ``INTERVAL`` seconds, reads the reactor (main) thread's CPU clock and its Python stack,
and charges the CPU the thread used since the last sample to the *innermost* frame that belongs to a stage
(``STAGES``: the parser, each pipeline, the Parquet writes, stats, each extension ...); a stack with none of
them is Scrapy and Twisted themselves (engine, scheduler, downloader, HTTP). A C call that holds the GIL (lxml,
pyarrow) delays the sample until it returns and is charged to the frame that made it. Unlike cProfile it does
not inflate the cost of small Python calls (the thing being measured), and its own cost is one wake-up per
interval. Time inside a cyclic garbage collection (a ``gc`` callback flags it) is its own stage. The WARC
writer thread is not sampled: its CPU is the ``rs/warc/write_us`` stat.
"""

from __future__ import annotations

import atexit
import json
import runpy
import sys
import threading
import time
from pathlib import Path

INTERVAL = 0.001
_REPO = str(Path(__file__).resolve().parent.parent)

# (stage, path fragment, function names or None for any): the first match walking the stack from its
# innermost frame outward names the stage. Order matters only between rules on the same file.
# A rule whose stage is "" is transparent: the walk goes on outward (our crawl command's frame is below all of
# Scrapy's work, and must not claim it).
STAGES: list[tuple[str, str, frozenset[str] | None]] = [
    ("", "/rs_scraper/commands/", None),
    ("", "/benchmarks/", None),
    ("stats (StatsCollector calls)", "/scrapy/statscollectors.py", None),
    ("parse (rs_scraper.parsing: parser, trafilatura, lxml)", "/rs_scraper/parsing/", None),
    ("stored index load (pipelines.index)", "/pipelines/index.py", None),
    ("pipeline: cleanup", "/pipelines/cleanup.py", None),
    ("pipeline: validate", "/pipelines/validate.py", None),
    ("pipeline: dedupe", "/pipelines/dedupe.py", None),
    ("pipeline: parquet (buffering rows)", "/pipelines/parquet.py", frozenset({"process_item"})),
    ("parquet writes (flush, store, revisions, snapshots, repair)", "/pipelines/", None),
    ("item views (itemadapter)", "/itemadapter/", None),
    ("URL canonicalisation (rs_scraper.urls)", "/rs_scraper/urls.py", None),
    ("spider: discovery (sitemaps, feed, decisions)", "/rs_scraper/discovery/", None),
    (
        "spider: discovery (sitemaps, feed, decisions)",
        "/rs_scraper/spiders/rs.py",
        frozenset(
            {
                "parse_discovery",
                "parse_sitemap",
                "drive",
                "article_requests",
                "decide",
                "request",
                "discovery_failed",
                "finish_deferred",
                "maybe_fallback",
            }
        ),
    ),
    ("spider: article callback (without the parser)", "/rs_scraper/spiders/", None),
    ("extension: WARC archive (reactor side)", "/rs_scraper/warc/", None),
    ("extension: spidermon + monitors", "/spidermon/", None),
    ("extension: spidermon + monitors", "/rs_scraper/extensions/monitors.py", None),
    ("extension: run accounting", "/rs_scraper/extensions/accounting.py", None),
    ("extension: run manifest", "/rs_scraper/extensions/manifest.py", None),
    ("our middlewares (host guard, robots, retry)", "/rs_scraper/middlewares.py", None),
    ("our middlewares (host guard, robots, retry)", "/rs_scraper/robots.py", None),
    ("startup and close (session, locking, incremental state, data card)", "/rs_scraper/", None),
]
IMPORTS = "imports (any frame importing a module)"
GC = "garbage collector (cyclic collections, whatever triggered them)"
_in_gc = [False]  # set by a gc callback on the main thread, read by the sampler


def _gc_phase(phase: str, info: dict) -> None:
    _in_gc[0] = phase == "start"


REST = "Scrapy + Twisted (engine, scheduler, downloader, HTTP, signals)"


def stage_of(frame, cache: dict) -> tuple[str, object]:
    """(the innermost stage on the stack, the code object that named it); an import anywhere on the stack wins
    (module bodies run under importlib)."""
    found, where = "", None
    innermost = frame.f_code if frame is not None else None
    while frame is not None:
        code = frame.f_code
        stage = cache.get(code)
        if stage is None:
            stage = IMPORTS if code.co_filename.startswith("<frozen importlib") else ""
            for name, fragment, functions in STAGES if not stage else ():
                if fragment in code.co_filename and (functions is None or code.co_name in functions):
                    stage = name
                    break
            cache[code] = stage
        if stage == IMPORTS:
            return IMPORTS, code
        if stage and not found:
            found, where = stage, code
        frame = frame.f_back
    return (found, where) if found else (REST, innermost)


ERRORS = "(samples whose stack could not be read)"


def sample(main_id: int, clock: int, totals: dict, detail: dict, stop: threading.Event) -> None:
    cache: dict = {}
    last = time.clock_gettime(clock)
    while not stop.wait(INTERVAL):
        frame = sys._current_frames().get(main_id)
        now = time.clock_gettime(clock)
        if frame is not None and now > last:
            try:
                stage, code = (GC, None) if _in_gc[0] else stage_of(frame, cache)
            except Exception:  # a frame torn down under the walk: counted, never the end of the sampling
                stage, code = ERRORS, None
            totals[stage] = totals.get(stage, 0.0) + (now - last)
            key = f"{stage} | {_short(code)}"
            detail[key] = detail.get(key, 0.0) + (now - last)
        last = now


def _short(code) -> str:
    if code is None:
        return "?"
    path = code.co_filename
    for marker in ("/site-packages/", f"{_REPO}/"):
        if marker in path:
            path = path.split(marker, 1)[1]
            break
    return f"{path}:{code.co_name}"


def main() -> None:
    out = sys.argv.pop(1)
    totals: dict[str, float] = {}
    detail: dict[str, float] = {}
    stop = threading.Event()
    main_id = threading.main_thread().ident
    clock = time.pthread_getcpuclockid(main_id)
    start = time.clock_gettime(clock)
    # The sampler needs the GIL to read the stack. At Python's default switch interval (5 ms) the main thread
    # keeps it up to 5 ms past each wake-up, and hands it over at once only where a C call releases it (a hash, a
    # socket read): those calls were charged with the CPU of the pure-Python work before them (textstats'
    # sha256 "cost" 1.2 ms an article). A switch interval under the sampling interval removes that bias.
    sys.setswitchinterval(INTERVAL / 4)
    sampler = threading.Thread(target=sample, args=(main_id, clock, totals, detail, stop), daemon=True, name="sampler")

    def write() -> None:
        stop.set()
        sampler.join(timeout=1)
        totals["_main_thread_cpu"] = time.clock_gettime(clock) - start
        with open(out, "w") as fh:
            json.dump({"stages": totals, "functions": detail}, fh)

    atexit.register(write)
    import gc

    gc.callbacks.append(_gc_phase)
    sampler.start()
    if sys.argv[1] == "-m":
        module = sys.argv[2]
        sys.argv = [module, *sys.argv[3:]]
        runpy.run_module(module, run_name="__main__", alter_sys=True)
    else:
        sys.argv = sys.argv[1:]
        runpy.run_path(sys.argv[0], run_name="__main__")


if __name__ == "__main__":
    main()
