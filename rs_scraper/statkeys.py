"""Every stat key rs_scraper counts, named once, each with what it means.

The crawl's stats reach the run manifest (``counts``: every key under ``rs/``), the monitors and the verdict, and
admins' own monitors read them: the names are an interface and never change. Code uses these names, never a
``"rs/..."`` literal (tests/test_stat_keys.py scans rs_scraper/ and pipelines/ for one). A key with a variable
part (a reason, a source, a kind) is a function of that part; its ``*_PREFIX`` is what a reader matches.

Outcome keys (``rs/outcome/<bucket>[/<reason>]``) account for every discovered URL exactly once
(rs_scraper.extensions.accounting); the others say how the run got there.
"""

from __future__ import annotations

PREFIX = "rs/"  # every key of ours: the manifest's counts are the stats under it

# ------------------------------------------------------------------------------------------------ run
RUN_ID = "rs/run_id"  # the run's id (a value, not a count): how the CLI finds the manifest of the crawl it ran
STORED_URLS = "rs/stored/urls"  # URLs articles/ holds at the end of the run (a value): the next run's sitemap skip

# ------------------------------------------------------------------------------------------ discovery
DISCOVERED = "rs/discovered"  # unique article URLs discovered (each counted once, whatever found it)
DISCOVERED_PREFIX = "rs/discovered/"
INCOMPLETE_DISCOVERY = "rs/discovery/incomplete"  # set by whatever cut discovery short (limit, bounds): not clean
LISTING_FALLBACK = "rs/discovery/listing_fallback"  # set when no sitemap or feed answered and listings were read
DISCOVERY_REPEATED = "rs/discovery/repeated"  # a discovery document asked for again this run (not re-requested)
DISCOVERY_ABSENT_PREFIX = "rs/discovery/absent/"
DISCOVERY_FAILED_PREFIX = "rs/discovery_failed/"
BOUNDS_PREFIX = "rs/bounds/"
LISTING_FAILED_PREFIX = "rs/listing_failed/"
SITEMAP_PREFIX = "rs/sitemap/"
SITEMAP_INVALID = "rs/sitemap/invalid"  # a sitemap document that could not be parsed (the run is not clean)
SITEMAP_INVALID_LASTMOD = "rs/sitemap/invalid_lastmod"  # a <lastmod> that is not a W3C date (read as none)
SITEMAP_INDEX = "rs/sitemap/sitemapindex"  # sitemap index documents read
SITEMAP_URLSET = "rs/sitemap/urlset"  # urlset documents read
SITEMAP_GZIP_FAILED = "rs/failed/sitemap_gzip"  # a gzipped sitemap that would not decompress (or was too large)
FEED_PAGES = "rs/feed/pages"  # feed pages read
FEED_ITEMS = "rs/feed/items"  # items the feed listed
FEED_INVALID = "rs/feed/invalid"  # a feed page that is not RSS/Atom
FEED_INVALID_DATE = "rs/feed/invalid_date"  # an item whose date could not be read (kept, undated)
FEED_REPEATED_PAGE = "rs/feed/repeated_page"  # a feed page that repeats the previous one: paging stopped
FEED_FALLBACK = "rs/feed/fallback"  # RS_FEED_PATH failed and a RS_FEED_FALLBACK_PATHS feed was tried

# -------------------------------------------------------------------------- fetch decisions (spider)
SKIPPED_PREFIX = "rs/skipped/"
SKIPPED_LIMIT = "rs/skipped/limit"  # not requested: --limit reached
SKIPPED_ROBOTS = "rs/skipped/robots"  # not fetched: robots.txt disallows it
SKIPPED_NOT_ARTICLE_URL = "rs/skipped/not_article_url"  # a discovered URL whose path is never an article
SKIPPED_OFFSITE = "rs/skipped/offsite"  # a link to another origin (never followed)
SKIPPED_OFFSITE_SITEMAP = "rs/skipped/offsite_sitemap"  # a sitemap on another origin (never read)
SKIPPED_SITEMAP_PREFIX = "rs/skipped/sitemap_"
SKIPPED_SITEMAP_OLDER_THAN_SINCE = "rs/skipped/sitemap_older_than_since"  # a child sitemap older than --since
SKIPPED_SITEMAP_UNCHANGED = "rs/skipped/sitemap_unchanged"  # a child sitemap a clean run read at this lastmod
SKIPPED_SITEMAP_LIMIT = "rs/skipped/sitemap_limit"  # child sitemaps left unread: --limit was met first
REFETCH_PREFIX = "rs/refetch/"
REVALIDATE_PREFIX = "rs/revalidate/"
REVALIDATED_NOT_MODIFIED = "rs/revalidated/not_modified"  # a conditional GET answered 304: the stored version holds

# ------------------------------------------------------------------------------------ fetching, retries
FETCHED = "rs/fetched"  # article pages fetched with a body
RETRY_PREFIX = "rs/retry/"
RETRY_HTTP_PREFIX = "rs/retry/http_"
RETRY_AFTER_HONOURED = "rs/retry_after/honoured"  # a 429/503 retry waited for the server's Retry-After
RETRY_AFTER_CAPPED = "rs/retry_after/capped"  # ... for RS_RETRY_AFTER_MAX only: the server asked for longer
ROBOTS_STATUS_PREFIX = "rs/robots/status/"
ROBOTS_ALLOW_ALL = "rs/robots/allow_all"  # robots.txt absent (4xx): everything allowed, as RFC 9309 says
ROBOTS_DISALLOW_ALL = "rs/robots/disallow_all"  # robots.txt unreachable (5xx, network): nothing fetched

# ----------------------------------------------------------------------------------- parsing (spider)
EXTRACTION_PREFIX = "rs/extraction/"
PARSER_PREFIX = "rs/parser/"
PARSE_WORKERS = "rs/parse_workers/workers"  # a value: worker processes that parsed the pages (RS_PARSE_WORKERS)
PARSE_WORKERS_RESTARTED = "rs/parse_workers/restarted"  # the parse pool lost a worker and was started again
PARSE_WORKERS_CPU_MS = "rs/parse_workers/cpu_ms"  # a value: CPU the parse workers spent (part of the run's cost)
PARSE_WORKERS_PEAK_KIB = "rs/parse_workers/peak_kib"  # a value: the workers' peak RSS, summed (KiB)
NOT_ARTICLE_TRANSIENT_PREFIX = "rs/not_article/transient/"
# article_yield does not count these: a site's section pages re-checked on a quiet night are not a bad night
NOT_ARTICLE_CONFIRMED = "rs/not_article/confirmed"  # judged the same non-article as by an earlier healthy run

# --------------------------------------------------------------------------------- drops and failures
DROPPED_PREFIX = "rs/dropped/"
DROPPED_NOT_ARTICLE = "rs/dropped/not_article"  # fetched pages that are not articles (all reasons)
DROPPED_NOT_ARTICLE_PREFIX = "rs/dropped/not_article/"
DROPPED_DUPLICATE_REQUEST = "rs/dropped/duplicate_request"  # an article request the scheduler refused as a duplicate
FAILED_PREFIX = "rs/failed/"
FAILED_PARSE_ERROR = "rs/failed/parse_error"  # the parser raised: a failure, never a non-article
FAILED_PIPELINE_ERROR = "rs/failed/pipeline_error"  # a pipeline raised on an item (not a DropItem)
FAILED_STORAGE = "rs/failed/storage"  # rows that could not be written to articles/
FAILED_DATA_CARD = "rs/failed/data_card"  # the data card could not be written (the data is)

# ------------------------------------------------------------------------------------- outcomes (accounting)
OUTCOME_PREFIX = "rs/outcome/"
OUTCOME_SKIPPED_PREFIX = "rs/outcome/skipped/"
OUTCOME_SKIPPED_LIMIT = "rs/outcome/skipped/limit"  # outcome: not requested, --limit reached
OUTCOME_SKIPPED_ROBOTS = "rs/outcome/skipped/robots"  # outcome: robots.txt disallows it
OUTCOME_SKIPPED_UNCHANGED = "rs/outcome/skipped/unchanged"  # outcome: not fetched, the site says it did not change
OUTCOME_FAILED_PREFIX = "rs/outcome/failed/"
OUTCOME_FAILED_PARSE_ERROR = "rs/outcome/failed/parse_error"  # outcome of FAILED_PARSE_ERROR
OUTCOME_FAILED_PIPELINE_ERROR = "rs/outcome/failed/pipeline_error"  # outcome of FAILED_PIPELINE_ERROR
OUTCOME_FAILED_STORAGE = "rs/outcome/failed/storage"  # outcome of FAILED_STORAGE
OUTCOME_NOT_ARTICLE_PREFIX = "rs/outcome/not_article/"
OUTCOME_DROPPED_PREFIX = "rs/outcome/dropped/"
OUTCOME_DROPPED_DUPLICATE_REQUEST = "rs/outcome/dropped/duplicate_request"  # outcome of DROPPED_DUPLICATE_REQUEST
OUTCOME_UNCHANGED_REFETCH = "rs/outcome/unchanged_refetch"  # outcome: refetched, the same text: nothing written
OUTCOME_UNCHANGED_NOT_MODIFIED = "rs/outcome/unchanged_refetch/not_modified"  # outcome: refetched, 304
OUTCOME_WRITTEN_PREFIX = "rs/outcome/written_"
OUTCOME_WRITTEN_NEW = "rs/outcome/written_new"  # outcome: a new URL written
OUTCOME_WRITTEN_UPDATED = "rs/outcome/written_updated"  # outcome: a new version of a stored URL written

# ------------------------------------------------------------------------------------------ storage
WRITTEN = "rs/written"  # rows written to articles/ (new, updated or refreshed)
WRITTEN_PREFIX = "rs/written/"
WRITTEN_DATA_CARD = "rs/written/data_card"  # the data card (data/README card, dataset_info.json) was rewritten
COVERAGE_PREFIX = "rs/coverage/"
PARQUET_FILES = "rs/parquet/files"  # Parquet files (re)written in articles/
SUPERSEDED_ROWS = "rs/superseded_rows"  # stored rows replaced by a new version
DEDUPE_REVISION = "rs/revision"  # a refetched page whose text changed (dedupe let it through as a new version)
REVISIONS_WRITTEN = "rs/revisions/written"  # versions appended to revisions/
REVISIONS_BACKFILLED = "rs/revisions/backfilled"  # stored versions from before revisions/ existed, added as revision 1
SNAPSHOTS_PUBLISHED = "rs/snapshots/published"  # a consistent snapshot of the dataset was published
REPAIRED_PARTIAL_FILES = "rs/repaired/partial_files"  # temporaries of a killed writer removed at start
REPAIRED_DUPLICATE_ROWS = "rs/repaired/duplicate_rows"  # rows of a crash window removed (pipelines.latest keeps one)
REPAIRED_DUPLICATE_REVISIONS = "rs/repaired/duplicate_revisions"  # revisions/ rows of a crash window removed
UPGRADED_PREFIX = "rs/upgraded/"
COMPACTED_PREFIX = "rs/compacted/"
FEED_PREFIX = "rs/feed/"

# ------------------------------------------------------------------------------------------ WARC archive
WARC_ENABLED = "rs/warc/enabled"  # set when the run kept the archive (verify then expects a record for each row)
WARC_FILES = "rs/warc/files"  # WARC files this run closed
WARC_BYTES = "rs/warc/bytes"  # bytes written to them
WARC_SUBMIT_US = "rs/warc/submit_us"  # microseconds the crawl thread spent handing records to the writer
WARC_WRITE_US = "rs/warc/write_us"  # microseconds of CPU the writer thread spent writing
WARC_FAILED_PREFIX = "rs/warc/failed/"
WARC_FAILED_CLOSE = "rs/warc/failed/close"  # the last WARC file could not be closed cleanly
WARC_RECORDS_PREFIX = "rs/warc/records/"
WARC_RECOVERED_PREFIX = "rs/warc/recovered/"
WARC_RECOVERED_DROPPED_BYTES = "rs/warc/recovered/dropped_bytes"  # a killed run's torn last record, cut off


# ----------------------------------------------------------------------- keys with a variable part
def discovered(source: str) -> str:
    """Article URLs first discovered through ``source`` (sitemap, news_sitemap, feed, listing, urls ...)."""
    return DISCOVERED_PREFIX + source


def discovery_absent(reason: str) -> str:
    """A guessed discovery document (a fallback sitemap or feed path) that the site does not have (http_404)."""
    return DISCOVERY_ABSENT_PREFIX + reason


def discovery_failed(reason: str) -> str:
    """A discovery document the site listed that could not be read: the run is not clean."""
    return DISCOVERY_FAILED_PREFIX + reason


def bounds(name: str) -> str:
    """A discovery bound reached (sitemaps, feed_pages, listing_pages): what it lists is not read."""
    return BOUNDS_PREFIX + name


def listing_failed(reason: str) -> str:
    """A listing page (the last-resort discovery) that could not be read."""
    return LISTING_FAILED_PREFIX + reason


def sitemap(kind: str) -> str:
    """Sitemap documents read, by what they were (urlset, sitemapindex, feed, invalid)."""
    return SITEMAP_PREFIX + kind


def skipped(reason: str) -> str:
    """A discovered URL not requested, and why (unchanged, before_since, limit, robots ...)."""
    return SKIPPED_PREFIX + reason


def skipped_sitemap(why: str) -> str:
    """A child sitemap not downloaded, and why (unchanged, older_than_since)."""
    return SKIPPED_SITEMAP_PREFIX + why


def refetch(reason: str) -> str:
    """A stored URL requested again, and why (rs_scraper.incremental.decide: lastmod_changed, due ...)."""
    return REFETCH_PREFIX + reason


def revalidate(reason: str) -> str:
    """A stored URL not requested again, and why (rs_scraper.incremental.decide: unchanged, not_due)."""
    return REVALIDATE_PREFIX + reason


def retry(reason: str) -> str:
    """A request retried, and why (timeout, connection_refused, http_503 ...)."""
    return RETRY_PREFIX + reason


def retry_http(status: int | str) -> str:
    """A request retried on this HTTP status."""
    return f"{RETRY_HTTP_PREFIX}{status}"


def robots_status(status: int | str) -> str:
    """What robots.txt answered when it was not a plain 200 (a status, or a network reason)."""
    return f"{ROBOTS_STATUS_PREFIX}{status}"


def extraction(method: str | None) -> str:
    """Article rows made, by how the body was extracted (layout, trafilatura, text_rules ...; ``None`` if unset)."""
    return f"{EXTRACTION_PREFIX}{method}"


def parser_note(note: str) -> str:
    """How the parser made a row: the layout, the body chosen and why (rs_scraper.parsing.choice)."""
    return PARSER_PREFIX + note


def not_article_transient(cause: str) -> str:
    """A non-article verdict that looks transient (a soft 404, a challenge page): never remembered."""
    return NOT_ARTICLE_TRANSIENT_PREFIX + cause


def dropped(reason: str) -> str:
    """A parsed row a pipeline refused, and why (no_title, out_of_range, duplicate_in_run, unchanged ...)."""
    return DROPPED_PREFIX + reason


def dropped_not_article(reason: str) -> str:
    """A fetched page that is not an article, and the positive evidence (listing, profile, too_short ...)."""
    return DROPPED_NOT_ARTICLE_PREFIX + reason


def failed(reason: str) -> str:
    """An article URL that failed, and why (http_404, timeout, parse_error, storage ...)."""
    return FAILED_PREFIX + reason


def outcome(bucket: str) -> str:
    """The outcome bucket of a discovered URL (rs_scraper.extensions.accounting.BUCKETS)."""
    return OUTCOME_PREFIX + bucket


def outcome_prefix(bucket: str) -> str:
    """What the keys of one outcome bucket's reasons begin with."""
    return outcome(bucket) + "/"


def outcome_skipped(reason: str) -> str:
    """Outcome: not fetched, and why (as ``skipped``)."""
    return OUTCOME_SKIPPED_PREFIX + reason


def outcome_failed(reason: str) -> str:
    """Outcome: failed, and why (as ``failed``)."""
    return OUTCOME_FAILED_PREFIX + reason


def outcome_not_article(reason: str) -> str:
    """Outcome: fetched, not an article, and why (as ``dropped_not_article``)."""
    return OUTCOME_NOT_ARTICLE_PREFIX + reason


def outcome_dropped(reason: str) -> str:
    """Outcome: parsed, then refused by a pipeline, and why (as ``dropped``)."""
    return OUTCOME_DROPPED_PREFIX + reason


def outcome_written(kind: str) -> str:
    """Outcome: written, ``new`` or ``updated``."""
    return OUTCOME_WRITTEN_PREFIX + kind


def written(kind: str) -> str:
    """Rows written to articles/, by kind: new, updated, refreshed (same text, newer fetch)."""
    return WRITTEN_PREFIX + kind


def coverage(field: str) -> str:
    """Rows written with a non-empty ``field`` (the coverage monitor compares them with the rows written)."""
    return COVERAGE_PREFIX + field


def upgraded_files(dataset: str) -> str:
    """Files of ``dataset`` (articles, revisions) rewritten at start to the current schema version."""
    return f"{UPGRADED_PREFIX}{dataset}_files"


def compacted_files(dataset: str) -> str:
    """Small files of ``dataset`` merged by the end-of-run compaction."""
    return f"{COMPACTED_PREFIX}{dataset}_files"


def feed_append_refused(fmt: str) -> str:
    """``scrapy crawl -o`` onto an existing file of a format that cannot be appended to (parquet, json): refused."""
    return f"{FEED_PREFIX}{fmt}_append_refused"


def warc_failed(reason: str) -> str:
    """Records the WARC archive could not keep, and why."""
    return WARC_FAILED_PREFIX + reason


def warc_records(kind: str) -> str:
    """WARC records written, by type (response, request, revisit, warcinfo)."""
    return WARC_RECORDS_PREFIX + kind


def warc_recovered(action: str) -> str:
    """What start-up recovery did with a killed run's open WARC file (closed, truncated ...)."""
    return WARC_RECOVERED_PREFIX + action
