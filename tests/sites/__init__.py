"""Whole sites built independently of rs_scraper.mirror, served on loopback (tests/README.md)."""
