"""Scrapy extensions of rs_scraper (run manifest, monitors)."""
