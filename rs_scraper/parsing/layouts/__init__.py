"""One parser class per site layout (fundus-style). ``registry.pick`` chooses the class for a page."""

from rs_scraper.parsing.layouts.base import Layout
from rs_scraper.parsing.layouts.generic import GenericV1
from rs_scraper.parsing.layouts.rebelmouse import RebelMouseV1, RebelMouseWidgetsV1
from rs_scraper.parsing.layouts.wordpress import WordPressV1

__all__ = ["Layout", "RebelMouseV1", "RebelMouseWidgetsV1", "WordPressV1", "GenericV1"]
