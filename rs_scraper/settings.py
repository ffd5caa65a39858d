"""Scrapy settings of rs_scraper.

Our own settings are prefixed ``RS_`` and grouped below; everything else is a standard Scrapy setting with a
polite default. Override any of them with ``scrapy crawl rs -s NAME=VALUE`` or ``rs-scraper crawl -s NAME=VALUE``.
"""

from scrapy.settings import default_settings as _scrapy_defaults

from rs_scraper import PROJECT_URL, __version__
from rs_scraper.formats import feed_exporters
from rs_scraper.sections import SEEN_SECTIONS

BOT_NAME = "rs_scraper"
SPIDER_MODULES = ["rs_scraper.spiders"]
NEWSPIDER_MODULE = "rs_scraper.spiders"
# `scrapy crawl rs` exits with the run's verdict and takes the crawl lock (rs_scraper/commands/crawl.py).
COMMANDS_MODULE = "rs_scraper.commands"

# --- Site -------------------------------------------------------------------------------------------------
# The site root. Allowed domains, robots.txt, sitemaps and feeds all follow from it; point it at the offline
# mirror (http://127.0.0.1:PORT) to crawl without internet.
RS_BASE_URL = "https://responsiblestatecraft.org"
# The site's own origin: every stored `url` is on it, whatever RS_BASE_URL the crawl fetched from (a mirror on
# any port stores the same rows); the origin fetched goes in the `crawl_base` column.
RS_SITE_URL = "https://responsiblestatecraft.org"
# Sections of the site seen on it (docs/site-facts.md §7.2; rs_scraper.sections, the parser's list too).
# `sections=` names must be one of these or a section already stored, so that a typo is refused instead of
# crawling the whole site for nothing.
RS_KNOWN_SECTIONS = list(SEEN_SECTIONS)

# --- Discovery (rs_scraper.discovery; docs/site-facts.md §3) -----------------------------------------------
# The discovery sources, in order, as fundus declares a publisher's `sources=[...]`: each a small class with
# one interface (rs_scraper.discovery.base.Source), built from the crawler; one that raises NotConfigured is off.
# Order: robots.txt's Sitemap: lines (§3.5), the sitemaps and their lastmods (incremental crawls), the RSS feed
# for what is newer than the sitemaps (§3.1), listing pages only when all of these gave no article (§2.4). A new
# source is its module plus its entry here; drop an entry to switch a source off.
RS_DISCOVERY_SOURCES = [
    "rs_scraper.discovery.robots.RobotsSource",
    "rs_scraper.discovery.sitemaps.SitemapSource",
    "rs_scraper.discovery.feed.FeedSource",
    "rs_scraper.discovery.listings.ListingSource",
]
# Endpoints, relative to RS_BASE_URL. Sitemaps come from robots.txt `Sitemap:` lines first; these are the
# fallbacks when robots.txt lists none (§3.6: RS's own sitemap URLs are unknown).
RS_SITEMAP_FALLBACKS = ["/sitemap.xml"]
RS_FEED_PATH = "/feeds/feed.rss"  # §3.1
# Feeds tried, in order, when the first page of RS_FEED_PATH fails or is not a feed: the WordPress-era feed
# (§3.4) still answered on the real site in 2026 (public feed readers list it).
RS_FEED_FALLBACK_PATHS = ["/feed/"]
# Feed pages to read at most (30 items a page on RebelMouse, §3.2); the feed covers what is newer than the
# sitemaps.
RS_FEED_MAX_PAGES = 50
# Listing pages crawled only when neither sitemaps nor feed give any article.
RS_LISTING_FALLBACK_PATHS = ["/"]
RS_LISTING_MAX_PAGES = 200
# Termination bounds of discovery (a sitemap index that lists itself, an ancestor or an endless generated tree
# must not crawl forever). Every sitemap, feed page and listing URL is requested at most once per run anyway;
# these bound what is left. The site has ~100 sitemaps: an index -> monthly sitemaps is depth 2.
RS_SITEMAP_MAX_DEPTH = 4  # robots.txt -> index -> ... -> urlset; deeper sitemaps are not read
RS_DISCOVERY_MAX_REQUESTS = 2000  # sitemaps + feed pages + listing pages per run
# A run that hits one of these is not clean (rs/bounds/<name>; monitor discovery_bounds fails, exit 1).

# --- Output -----------------------------------------------------------------------------------------------
# Where the dataset lives: RS_DATA_DIR/articles/ (hive-partitioned Parquet, by publication year).
RS_DATA_DIR = "data"
# Rows buffered before a Parquet file is written; bounds memory on long crawls.
RS_PARQUET_FLUSH_ROWS = 500
# Rows per Parquet file: new rows are appended to a partition's open file until it holds this many
# (pipelines.storage.AppendingStore), so files never multiply with nightly runs. Each batch rewrites the open
# file of every partition it touches, so this bounds the work and memory of a batch whatever the site's size:
# with 5000, a 20,000-article crawl peaked at 391 MiB in those rewrites and spent 319 s; with 1000, 272 MiB and
# 269 s (benchmarks/crawl_scale.py, issue 14). 100,000 articles are ~100 files a dataset.
RS_PARQUET_FILE_ROWS = 1000
# Arrow's allocator for a crawl: "system" (the C allocator), "mimalloc", "jemalloc", or "" for pyarrow's default
# (mimalloc). pyarrow's default pool keeps the buffers every Parquet rewrite freed: a 2,000-article crawl peaked at
# 316 MiB with it, 247 MiB with "system" (benchmarks/crawl_scale.py). ARROW_DEFAULT_MEMORY_POOL, when set in the
# environment, is the user's choice and wins. Arrow's own C++ allocations (the Parquet reader and writer) use the
# system allocator unless that variable says otherwise, whatever this says (rs_scraper/__init__.py says why).
RS_ARROW_MEMORY_POOL = "system"
# glibc's mmap threshold in a crawl process, bytes (0: glibc's own rule, which raises it to the largest block ever
# freed, up to 32 MiB). Blocks from this size up (a Parquet rewrite's column buffers, a heavy page's body) get
# their own mapping, returned to the OS when freed; smaller ones come from the heap, whose freed holes stay
# resident, so without it the high-water mark crept up batch after batch. With 256 KiB a 2,000-article crawl
# peaked at 180 MiB instead of 189 and a 20,000-article one at 190 instead of 206, for ~7 % more CPU (a mapping
# is set up and zeroed for each such block; benchmarks/crawl_scale.py, issue 14). Ignored where libc is not glibc.
RS_MALLOC_MMAP_THRESHOLD = 256 * 1024
# In-run state that grows with the site (every canonical URL seen, the decided URLs waiting for a request) keeps
# this many bytes a structure in memory; the rest goes to a nameless scratch file in RS_DATA_DIR/.tmp/ that
# vanishes with the crawl (rs_scraper.spill). A first crawl of 100,000 articles held ~14 MB of it at once. 0 keeps
# it all in memory. A crawl that cannot write the scratch file keeps it in memory and says so in the log.
RS_SPILL_BYTES = 256 * 1024
# A snapshot readers may have pinned (DATA_DIR/CURRENT, pipelines.snapshots) is kept this long after a newer
# one replaced it.
RS_SNAPSHOT_GRACE_SECONDS = 3600
# Skip articles already in the stored dataset (by canonical URL).
RS_DEDUPE_STORED = True
# Write RS_DATA_DIR/runs/<run_id>.json when a run ends.
RS_MANIFEST_ENABLED = True
# A fixed run id (default: a new sortable id per run, e.g. 20261127T190501Z-3fa2c1).
RS_RUN_ID = None
# What kind of run this is: "crawl" when `rs-scraper crawl|demo` or `scrapy crawl rs` runs it (they set it).
# Only crawls write run manifests and can count as clean; `scrapy parse|shell|bench|check` leave it None.
RS_RUN_KIND = None
# What the crawl commands did to the data dir before the crawl (rs_scraper.datadir: files quarantined, URLs
# rewritten), handed to the run manifest (`prepared`); set by the commands, not by hand.
RS_PREPARED: list[str] = []
# Only the RS_BASE_URL origin is ever requested (rs_scraper.middlewares.HostGuardMiddleware).
RS_HOST_GUARD = True

# --- Web archive (rs_scraper.warc; README "The web archive") ---------------------------------------------
# Keep every network response as WARC 1.1 in RS_DATA_DIR/warc/ (indexed in warc/index/), so the dataset can be
# re-derived offline (`rs-scraper reparse`) and the site replayed (`rs-scraper mirror --from-warc`). On for
# `rs-scraper crawl` and `scrapy crawl rs` alike: a row without its record cannot be re-derived. Off: -s
# RS_WARC_ENABLED=False (verify then knows that run's rows have no record).
RS_WARC_ENABLED = True
# A new file when the current one reaches this many bytes (Heritrix's and wget's 1 GB).
RS_WARC_MAX_BYTES = 10**9
# gzip level of each record (1-9), compressed by zlib-ng (zlib's format and levels, about half its CPU). 6 is
# zlib's default: nearly as small as 9 on HTML, and faster. At machine speed (a backfill from a mirror) 2 is
# 1.4-3.6x cheaper in CPU for ~13 % more bytes; 1 (zlib-ng's quick strategy) 3-5x for ~45 % more (Zyte's real
# pages and the mirror's heavy ones, benchmarks/README.md).
RS_WARC_COMPRESSION_LEVEL = 6
# An unchanged refetch (same payload digest as the URL's last capture) is written as a revisit record
# (headers only) instead of a second copy of the body.
RS_WARC_REVISITS = True

# --- Scheduled crawls: incremental state, revisions, monitors (README "Scheduled crawls") -----------------
# Skip a child sitemap that the latest clean crawl read in full at the very lastmod the sitemap index gives it
# now (rs_scraper.incremental); False reads every sitemap.
RS_SITEMAP_SKIP_UNCHANGED = True
# A stored article is refetched when its sitemap lastmod differs from the one stored with it, always as a
# conditional GET (If-None-Match / If-Modified-Since: an unchanged page answers 304, no body). One that no
# sitemap gives a lastmod for (the 48-hour news sitemap, the feed) is revalidated on this schedule, by age since
# publication: [max age in days, hours between checks], the last pair for anything older. Daily cron: articles
# up to 2 days old every run, a week twice a day (every run), a month every 3 days, a year monthly, then twice
# a year.
RS_REVALIDATE_SCHEDULE = [[2, 1], [7, 12], [30, 72], [365, 720], [36500, 4320]]
# When a partition of articles/ or revisions/ has this many files, merge them at the end of a run (0 = never).
RS_COMPACT_MIN_FILES = 32
# Monitors (rs_scraper.extensions.monitors, run by Spidermon when the spider closes); a failure makes
# `rs-scraper crawl` exit 1 and is recorded in the run manifest.
# Minimum share of written rows that have each field (authors, published_at ...).
RS_MONITOR_FIELD_COVERAGE = {"authors": 0.95, "published_at": 0.95}
# Maximum share of parsed articles that needed the generic fallback extraction (markup drift).
RS_MONITOR_MAX_FALLBACK_RATE = 0.10
RS_MONITOR_FALLBACK_METHODS = ["trafilatura", "text_rules"]
# Markup drift is judged on enough pages to mean something: at least this many fallback pages, and a share
# above RS_MONITOR_MAX_FALLBACK_RATE beyond chance (its 95% lower confidence bound; 6 of 49 pages is 12% but
# bounds at 6.5%, 3 of 3 at 53%).
RS_MONITOR_DRIFT_MIN_PAGES = 3
# Maximum share of requests that failed: article pages (HTTP error, timeout, robots ...), sitemaps, feed pages.
RS_MONITOR_MAX_ERROR_RATE = 0.10
# A rate monitor never fails on this many rows alone: one author-less piece or one 404 in a night of three new
# articles is not a trend, while three of three through the fallback is (0 = judge every row).
RS_MONITOR_TOLERATED_ROWS = 1
# Exit rule for article failures (rs_scraper/verdict.py): a run exits 1 when an article URL failed on this run
# and on the previous one, or when more than this many URLs failed for the first time; below it the run exits
# 0 ("partial") and its summary line still names every failed URL.
RS_FAILURES_TOLERATED = 3
# A night where more than this share of article pages failed or were not articles (soft 404s, maintenance, a
# CDN challenge, JSON errors) is a failed run whose non-article verdicts are not remembered; judged from
# RS_VERDICT_MIN_PAGES article pages on (rs_scraper.non_articles).
RS_MONITOR_MAX_LOST_SHARE = 0.5
RS_VERDICT_MIN_PAGES = 10
# A stable non-article verdict (same reason on two runs, nothing transient about it) skips the page for this
# many days, doubling each time the same reason comes back, at most RS_VERDICT_RECHECK_MAX_DAYS.
RS_VERDICT_RECHECK_DAYS = 7
RS_VERDICT_RECHECK_MAX_DAYS = 90
SPIDERMON_ENABLED = True
SPIDERMON_SPIDER_CLOSE_MONITORS = ["rs_scraper.extensions.monitors.RunMonitorSuite"]

# --- Politeness -------------------------------------------------------------------------------------------
ROBOTSTXT_OBEY = True
USER_AGENT = f"rs_scraper/{__version__} (+{PROJECT_URL}; research crawler)"
CONCURRENT_REQUESTS = 4
CONCURRENT_REQUESTS_PER_DOMAIN = 1
DOWNLOAD_DELAY = 1.0
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
DOWNLOAD_TIMEOUT = 30

# --- Faults and limits ------------------------------------------------------------------------------------
# Article pages are ~100-300 KB of HTML (inline JSON included); 8 MiB is 25x the largest, so no real page is
# ever cut, while a huge body or a gzip bomb is abandoned at 8 MiB (Scrapy applies the limit to the
# announced Content-Length, to the bytes received and, in HttpCompressionMiddleware, to the inflated size).
# Worst-case buffered bodies: CONCURRENT_REQUESTS x (compressed + inflated) <= 16 x 16 MiB on loopback.
DOWNLOAD_MAXSIZE = 8 * 1024 * 1024
DOWNLOAD_WARNSIZE = 2 * 1024 * 1024
# Sitemaps may legitimately be larger (the sitemaps.org limit is 50 MB uncompressed): sitemap requests and
# their gunzip use this limit instead.
RS_SITEMAP_MAXSIZE = 50 * 1024 * 1024
RETRY_ENABLED = True
RETRY_TIMES = 3
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]
# 429 and 503 wait for their Retry-After (seconds or HTTP date) before the retry, at most this many seconds
# (rs_scraper.middlewares.RetryAfterMiddleware); a longer ask is capped and counted (rs/retry_after/capped).
RS_RETRY_AFTER_MAX = 60
COOKIES_ENABLED = False
# Nothing listens: no telnet console, and no RemoteControl HTTP server (Scrapy 2.19 starts one by default on a
# random loopback port; it executes code sent with its token and leaves a job file behind when killed).
TELNETCONSOLE_ENABLED = False
REMOTE_CONTROL_ENABLED = False
# Wall-clock ceiling of a run, in seconds (0 = none): the spider then stops, what was parsed is written, the
# run exits 3 (README exit codes) and is not clean, and the next run carries on. A lock older than this (plus
# 15 min) held by a live crawl is taken over: rs_scraper.locking.
CLOSESPIDER_TIMEOUT = 6 * 3600
REDIRECT_MAX_TIMES = 5

# --- Parsing ----------------------------------------------------------------------------------------------
# Worker processes that parse article pages while the crawl process downloads (rs_scraper.parsing.workers).
# 0 = parse in the crawl process. The parser costs more CPU a page than Scrapy does, so at machine speed (a
# mirror, an archive backfill: DOWNLOAD_DELAY=0) one or two workers on spare cores shorten the crawl; against
# the live site at one request a second they buy nothing and cost a process (~60 MiB) each.
RS_PARSE_WORKERS = 0

# --- Components -------------------------------------------------------------------------------------------
DOWNLOADER_MIDDLEWARES = {
    # Only the configured host is ever requested, redirects included.
    "rs_scraper.middlewares.HostGuardMiddleware": 50,
    # robots.txt per RFC 9309: 5xx or unreachable = disallow all (Scrapy's own reads errors as allow all).
    "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
    "rs_scraper.robots.RobotsPolicyMiddleware": 100,
    # Retries that honour Retry-After and are counted as rs/retry/<reason>.
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "rs_scraper.middlewares.RetryAfterMiddleware": 550,
}
# Scrapy's own extensions without RemoteControl (off: REMOTE_CONTROL_ENABLED above), so that it is not even
# imported: it pulls in aiohttp and an SSL context (0.2 s a process). Naming it in EXTENSIONS, even as None, is
# not enough: Scrapy imports every key of EXTENSIONS to compare it with the base's.
EXTENSIONS_BASE = {k: v for k, v in _scrapy_defaults.EXTENSIONS_BASE.items() if not k.endswith(".RemoteControl")}
EXTENSIONS = {
    # RS_DATA_DIR/warc/: every network response as WARC (before the manifest, which records its rs/warc/ stats).
    "rs_scraper.warc.extension.WarcArchive": 200,
    # rs/outcome/* of what happens outside the spider's callbacks (pipeline drops, duplicate requests).
    "rs_scraper.extensions.accounting.RunAccounting": 300,
    # Runs RS monitors when the spider closes (before the manifest, which records their results).
    "spidermon.contrib.scrapy.extensions.Spidermon": 400,
    # RS_DATA_DIR/runs/<run_id>.json: what the run did, every rs/ counter.
    "rs_scraper.extensions.manifest.RunManifest": 500,
    # A progress line in the log every RS_PROGRESS_INTERVAL seconds; a live bar on a terminal.
    "rs_scraper.extensions.progress.Progress": 600,
}
ITEM_PIPELINES = {
    "pipelines.cleanup.CleanupPipeline": 100,
    "pipelines.validate.ValidatePipeline": 200,
    "pipelines.dedupe.DedupePipeline": 300,
    "pipelines.parquet.ParquetPipeline": 900,
}

# --- Feed exports (issue 6) ------------------------------------------------------------------------------
# `scrapy crawl rs -O articles.parquet` writes one file of exactly ARTICLE_SCHEMA, alongside the partitioned
# dataset, in any format of the registry (rs_scraper/formats.py), written as `rs-scraper export` writes it.
# `-o` onto an existing Parquet or JSON file is refused (it cannot be appended to).
FEED_EXPORTERS = feed_exporters()

# --- Scrapy housekeeping ----------------------------------------------------------------------------------
LOG_LEVEL = "INFO"
# Item events logged as one line with the URL and the reason, never the item (rs_scraper/logformat.py).
LOG_FORMATTER = "rs_scraper.logformat.OneLineLogFormatter"
# Progress (rs_scraper.extensions.progress): a log line "progress: done/discovered URLs, rate, ETA" every this
# many seconds (0 = off), and a live tqdm bar when stderr is a terminal ("auto"; True / False to force it).
RS_PROGRESS_INTERVAL = 20.0
RS_PROGRESS_BAR = "auto"
REQUEST_FINGERPRINTER_IMPLEMENTATION = "2.7"
FEED_EXPORT_ENCODING = "utf-8"
TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"
