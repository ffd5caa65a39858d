"""``scrapy parse``: Scrapy's own parse command, with a coroutine callback.

Scrapy's ``parse`` wraps the spider's callback in one of its own that returns a Deferred, and Scrapy 2.14+
warns on every such callback ("returned a Deferred. Returning Deferreds from spider callbacks is deprecated"):
``scrapy parse`` of any of our pages printed that warning. Ours (found through settings.COMMANDS_MODULE) runs
the same steps in an ``async def`` callback, the form Scrapy's coroutine docs give for callbacks, awaiting the
Deferred instead of returning it. Output, options and exit code are Scrapy's.
"""

from __future__ import annotations

import argparse
from typing import Any

from scrapy import Request, Spider
from scrapy.commands.parse import Command as ScrapyParseCommand
from scrapy.http import Response
from scrapy.utils.defer import maybe_deferred_to_future


class Command(ScrapyParseCommand):
    def prepare_request(self, spider: Spider, request: Request, opts: argparse.Namespace) -> Request:
        request = super().prepare_request(spider, request, opts)  # meta, cb_kwargs, depth as Scrapy sets them
        named = request.callback  # Scrapy's wrapper, named after the spider callback it runs

        async def callback(response: Response, **cb_kwargs: Any) -> list[Any]:
            # Scrapy's wrapper, step by step (scrapy.commands.parse.Command.prepare_request), awaited
            if not self.first_response:
                self.first_response = response  # type: ignore[assignment]  # Scrapy declares it None
            cb = self._get_callback(spider=spider, opts=opts, response=response)
            assert response.request is not None
            response.request.callback = cb
            depth: int = response.meta["_depth"]
            output = await maybe_deferred_to_future(self.run_callback(response, cb, cb_kwargs))
            # follow-up requests (--depth) come back with this callback, so they are parsed the same way
            return self.scraped_data(self._get_items_and_requests(output, opts, depth, spider, callback))

        callback.__name__ = callback.__qualname__ = getattr(named, "__name__", "callback")
        request.callback = callback
        return request
