"""Project Scrapy commands (settings.COMMANDS_MODULE): ``scrapy crawl`` with honest exit codes, ``scrapy parse``
with a coroutine callback (no deprecation warning)."""
