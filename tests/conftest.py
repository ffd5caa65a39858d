"""Fixtures shared by every test module: a real mirror server on loopback. The helpers live in tests/kit/."""

from __future__ import annotations

import pytest


@pytest.fixture
def mirror_factory():
    """Start mirror servers for a test and stop them afterwards: ``srv = mirror_factory(articles=..., ...)``."""
    from rs_scraper.mirror import MirrorServer, MirrorSite

    servers = []

    def start(**site_options):
        server = MirrorServer(MirrorSite(**site_options), host="127.0.0.1", port=0)
        server.start()
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.stop()
