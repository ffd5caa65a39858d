"""Spiders of rs_scraper: they navigate only; extraction lives in rs_scraper.parsing."""
