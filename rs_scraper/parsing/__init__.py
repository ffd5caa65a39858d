"""Page parsing: a pure ``(html, url) -> Article`` function, independent of Scrapy.

Used by the spider, by ``rs-scraper extract`` and by re-processing; ``clean_text_dump`` applies the same text
rules to a plain-text dump (``rs-scraper clean``).

CONTRACT (stable; internals are free to change):
    parse_article(html: bytes | str, url: str, *, encoding: str | None = None) -> Article
        raises NotArticle(reason) for pages that are not articles (a verdict about the page), and
        ParseError for a failure of the parser (never a verdict: count it, retry with a fixed parser).
    parse_page(...) -> Parsed(article, layout, notes): the same, with notes on how the row was made.
    clean_text_dump(text: str) -> dict with keys title, subtitle, article_type, section, image_credit, text
"""

from rs_scraper.parsing.errors import NotArticle, ParseError
from rs_scraper.parsing.parser import Parsed, parse_article, parse_page
from rs_scraper.parsing.textdump import clean_text_dump

__all__ = ["NotArticle", "ParseError", "Parsed", "parse_article", "parse_page", "clean_text_dump"]
