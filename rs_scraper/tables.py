"""Tables derived from the articles dataset, for ``rs-scraper export --table NAME``.

``links``: the citation graph, one row per (article, hyperlink of its body), in body order: the article's ``url``
and ``published_date``, the link's ``position`` in the body (0 for the first), then every field of the
``links`` struct prefixed ``link_`` (``link_url``, ``link_text``, ``link_domain``, ``link_internal``). Built
from the ``links`` column (list<struct<url, text, domain, internal>>, declared in rs_scraper.items), record
batch by record batch, so memory holds one batch whatever the dataset size. An article without links gives no
row; a row written before the column existed has none.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from rs_scraper.items import BY_NAME

ARTICLE_KEYS = ("url", "published_date")  # article columns repeated on each link row


def links_field() -> pa.Field:
    return BY_NAME["links"].field


def links_schema() -> pa.Schema:
    from rs_scraper.schema import ARTICLE_SCHEMA

    struct = links_field().type.value_type
    fields = [ARTICLE_SCHEMA.field(n) for n in ARTICLE_KEYS] + [pa.field("position", pa.int32(), nullable=False)]
    fields += [pa.field(f"link_{f.name}", f.type) for f in struct]
    return pa.schema(fields)


def link_rows(batch: pa.RecordBatch) -> pa.RecordBatch:
    """One row per link of the articles in ``batch`` (which holds ``url``, ``published_date`` and ``links``)."""
    schema = links_schema()
    links = batch.column("links")
    flat = pc.list_flatten(links)
    parents = pc.list_parent_indices(links)
    offsets = links.offsets.to_numpy(zero_copy_only=False)
    starts = offsets[:-1] - offsets[0]
    position = np.arange(len(flat), dtype=np.int64) - starts[parents.to_numpy(zero_copy_only=False)]
    columns = [batch.column(n).take(parents) for n in ARTICLE_KEYS]
    columns.append(pa.array(position, pa.int32()))
    columns += [pc.struct_field(flat, [i]) for i in range(flat.type.num_fields)]
    return pa.RecordBatch.from_arrays(columns, schema=schema)
