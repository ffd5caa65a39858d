"""Helpers shared by the test modules, one module per kind:

- ``runs``: ``scrapy crawl rs`` / ``rs-scraper`` in a subprocess, the run manifests, REPO, SITE_URL, LOOPBACK;
- ``faults``: hostile payloads (entity bombs, XXE), a crawl that reports its peak RSS, a connection probe,
  a result produced once per xdist session;
- ``overlay``: answers laid over a running mirror (sitemap loops, bad nights), checksums, request logs;
- ``crawler``: a Scrapy crawler for component tests (``scrapy.utils.test.get_crawler``);
- ``rows``: hand-made article rows.
"""
