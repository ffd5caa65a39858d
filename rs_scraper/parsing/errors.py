"""Why a page gives no row."""


class NotArticle(Exception):
    """The page is not an article (a listing, an author page, /about/, a page without a body).

    ``reason`` is a short slug used in stats (``rs/dropped/not_article/<reason>``) and in run manifests.
    """

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail
