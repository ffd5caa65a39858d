"""rs_scraper: a research-grade crawler and cleaner for Responsible Statecraft."""

__version__ = "0.1.0"
PROJECT_URL = "https://github.com/rs-scraper/rs_scraper"
