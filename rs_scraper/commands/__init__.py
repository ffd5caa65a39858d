"""Project Scrapy commands (settings.COMMANDS_MODULE): ``scrapy crawl`` with honest exit codes."""
