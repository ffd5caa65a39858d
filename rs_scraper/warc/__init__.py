"""The web archive: every HTTP exchange of a crawl kept as WARC 1.1, indexed in Parquet, readable offline.

Where things live:

- ``records``   build WARC records from Scrapy requests/responses (pure: no file, no clock but the one given);
- ``writer``    ``ArchiveWriter``: one run's files (``.open`` while written, rotated at RS_WARC_MAX_BYTES);
- ``extension`` ``WarcArchive``, the Scrapy extension that feeds the writer from ``response_downloaded``;
- ``gzmembers`` split a ``.warc.gz`` into its gzip members exactly (recovery, verify, index rebuilds);
- ``index``     ``INDEX_SCHEMA`` and the Parquet index under ``warc/index/`` (one part per WARC file);
- ``recovery``  close what a killed crawl left (``.open`` files, unindexed files, half-done prunes);
- ``reader``    read a record back: a capture (revisits resolved) and the Scrapy response the spider saw;
- ``check``     the archive's part of ``rs-scraper verify``;
- ``reparse``   rebuild articles/ and revisions/ from the archive with the current parser, in a process pool;
- ``replay``    serve an archive over HTTP on loopback (``rs-scraper mirror --from-warc``);
- ``prune``     retention (``rs-scraper prune-warc``).

Layout of ``DATA_DIR/warc/`` (README "The web archive"):

    rs-<run_id>-<seq>.warc.gz            closed archive files, one gzip member per record
    rs-<run_id>-<seq>.warc.gz.open       the file a crawl is writing; renamed when it is closed
    index/<warc file name>.parquet       one index part per closed file (INDEX_SCHEMA)

Article rows join the index on ``url`` + ``fetched_at`` == ``warc_date`` (the capture time of the response
record, the same microsecond value).
"""

WARC_DIRNAME = "warc"
# request.meta key holding the capture time the extension gave the response (the row's fetched_at)
FETCHED_AT_META = "rs_fetched_at"
