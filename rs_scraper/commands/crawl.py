"""``scrapy crawl rs``: Scrapy's own crawl command, run the way ``rs-scraper crawl`` runs a crawl.

Scrapy's ``crawl`` exits 0 whatever the run did. Ours (found through settings.COMMANDS_MODULE) runs the ``rs``
spider inside a rs_scraper.session.CrawlSession: the arguments, ``RS_*`` names and ``-o`` feeds are checked
and the data dir's crawl lock is taken while the options are processed, before Scrapy even starts its log (one
line, exit 2; exit 75 when another crawl holds the lock); the data dir is prepared; and the process exits with
the run's verdict (0, or 1 when a monitor failed, articles failed by the documented rule, or the run did not
finish), its one line on stderr when it is not 0. Other spiders run exactly as Scrapy runs them.

``RS_RUN_KIND = "crawl"`` marks the run as a crawl: only crawls write run manifests and can be clean
(``scrapy parse``, ``shell``, ``bench`` and ``check`` never do).
"""

from __future__ import annotations

import sys

from scrapy.commands.crawl import Command as ScrapyCrawlCommand

from rs_scraper.runinfo import final_stats, run_id_of
from rs_scraper.session import CrawlSession, SessionError, outcome


class Command(ScrapyCrawlCommand):
    session: CrawlSession | None = None

    def process_options(self, args, opts) -> None:
        super().process_options(args, opts)
        if args != ["rs"]:
            return
        assert self.settings is not None  # Scrapy sets it before process_options
        # A command's default_settings rank below the project's: set it the way -s would.
        self.settings.set("RS_RUN_KIND", "crawl", priority="cmdline")
        self.session = CrawlSession(self.settings, opts.spargs)
        try:
            self.session.check().open()
        except SessionError as exc:
            print(f"scrapy crawl rs: error: {exc}", file=sys.stderr)
            sys.exit(exc.code)

    def run(self, args, opts) -> None:
        if self.session is None:
            super().run(args, opts)
            return
        try:
            self.session.print_notes("scrapy crawl rs: ")
            assert self.crawler_process is not None  # Scrapy sets it before run
            crawler = self._create_crawler("rs")
            self.crawler_process.crawl(crawler, **opts.spargs)
            self.crawler_process.start()
        finally:
            self.session.close()
        stats = final_stats(crawler)
        code, status, line = outcome(stats)
        self.exitcode = 1 if self.crawler_process.bootstrap_failed else code
        if status != "ok":  # a failed article is never silent
            print(f"scrapy crawl rs: run {run_id_of(crawler)} {line}", file=sys.stderr)
