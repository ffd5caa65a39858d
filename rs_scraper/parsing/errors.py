"""Why a page gives no row."""


class NotArticle(Exception):
    """The page is not an article (a listing, an author page, /about/, a page without a body).

    ``reason`` is a short slug used in stats (``rs/dropped/not_article/<reason>``) and in run manifests.
    """

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail


class ParseError(Exception):
    """The parser failed on a page (a bug, or input it cannot handle). Not a verdict about the page: the spider
    counts it as ``rs/failed/parse_error`` and never remembers the URL as not-an-article, so a fixed parser reads
    the page again."""
