"""The dataset's own description, written into the data dir by every crawl (and by ``rs-scraper migrate``):

- ``DATASET.md``: a data card for people: source, licence note, date span, counts, every field with its
  coverage, parser versions, schema version, how to cite;
- ``dataset_info.json``: the same facts for the Hugging Face ``datasets`` library (its ``DatasetInfo`` format:
  description, citation, homepage, license, features), read with ``datasets.DatasetInfo.from_directory(DATA_DIR)``;
  the Parquet files themselves load with ``datasets.load_dataset("parquet", data_dir="DATA_DIR/articles")``.

Both are computed from what is stored (one streamed pass over articles/, one record batch in memory at a time),
never from a run's counters, and written through ``DATA_DIR/.tmp/`` and a rename (rs_scraper.fortress): a reader
sees the previous card or the new one.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc

import rs_scraper
from rs_scraper.items import BY_NAME, COLUMNS

CARD_NAME = "DATASET.md"
INFO_NAME = "dataset_info.json"
SITE = "https://responsiblestatecraft.org"
PUBLISHER = "Responsible Statecraft, the online magazine of the Quincy Institute for Responsible Statecraft"
LICENCE_NOTE = (
    "rs_scraper does not know, and does not grant, any licence to these texts. The articles are published by "
    f"{PUBLISHER}; their copyright rests with the publisher and/or their authors unless a page says otherwise. "
    f"Before you republish text, or share the dataset beyond your own research, read the site's terms of use "
    f"({SITE}) and follow them: they are the site's to set, can change, and were not checked by this tool. "
    "Derived data (counts, dates, links, metadata) is usually easier to share than full texts."
)


@dataclass
class Facts:
    """What the card says, gathered from the stored data."""

    rows: int = 0
    non_empty: Counter = field(default_factory=Counter)
    first_day: date | None = None
    last_day: date | None = None
    per_year: Counter = field(default_factory=Counter)
    parser_versions: Counter = field(default_factory=Counter)
    methods: Counter = field(default_factory=Counter)
    last_fetch: datetime | None = None
    schema_versions: Counter = field(default_factory=Counter)
    runs: list[dict] = field(default_factory=list)


def gather(data_dir: str | Path) -> Facts:
    import pyarrow.parquet as pq

    from pipelines.storage import data_files, stored_files
    from rs_scraper.schema import file_version

    data_dir = Path(data_dir)
    facts = Facts()
    dataset = stored_files(data_dir / "articles")
    for path in data_files(data_dir / "articles"):
        facts.schema_versions[file_version(pq.read_schema(path))] += 1
    if dataset is not None:
        # One column at a time, one batch at a time: a dataset scanner's default readahead (16 batches, 4 files,
        # decoded on every core) held ~1 GiB of text at the end of a 100,000-article crawl, and even one batch of
        # every column (the bodies as text, markdown and blocks) was the run's peak at 20,000 (+150 MiB, issue 14).
        # The light columns share a pass (a pass costs per row group whatever it reads): on a 100,000-article
        # store their 27 passes took 5.7 of the card's 9.5 s, one pass with the facts' columns ~3.8. A column of
        # ~1 KB a row or more (the bodies) keeps a pass of its own.
        passes = _passes([c.name for c in COLUMNS], _bytes_per_row(data_files(data_dir / "articles")))
        for i, names in enumerate(passes):
            first = i == 0
            wanted = list(dict.fromkeys([*names, *_FACT_COLUMNS])) if first else names
            for _, batch in dataset.batches(wanted, SCAN_ROWS):
                for name in names:
                    facts.non_empty[name] += _filled(batch.column(name))
                if first:
                    _count(batch, facts)
    for path in sorted((data_dir / "runs").glob("*.json")):
        try:
            manifest = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if isinstance(manifest, dict):
            facts.runs.append(manifest)
    return facts


_FACT_COLUMNS = ("published_date", "published_at", "parser_version", "extraction_method", "fetched_at")
# Rows per batch of the data card's pass: a row group's worth (pipelines.storage.ROW_GROUP_ROWS). Batches of 2000
# held a whole 1000-row file's text column at once: on a 20,000-article store the card peaked 9 MiB higher than on
# a 2,000 one (whose files are smaller), for 9 % less CPU than now.
SCAN_ROWS = 250


HEAVY_BYTES = 1024  # uncompressed bytes a row from which a column is read in a pass of its own


def _bytes_per_row(files: list[Path]) -> dict[str, float]:
    """Each top-level column's uncompressed bytes a row, from the footer of the last file (the newest schema's
    columns; no data read)."""
    import pyarrow.parquet as pq

    sizes: Counter = Counter()
    rows = 0
    for path in files[-1:]:
        meta = pq.read_metadata(path)
        rows = meta.num_rows
        for group in range(meta.num_row_groups):
            chunks = meta.row_group(group)
            for i in range(chunks.num_columns):
                chunk = chunks.column(i)
                sizes[chunk.path_in_schema.split(".", 1)[0]] += chunk.total_uncompressed_size
    return {name: size / rows for name, size in sizes.items()} if rows else {}


def _passes(names: list[str], per_row: dict[str, float]) -> list[list[str]]:
    """``names`` in read passes: every light column in the first (gather adds the facts' columns to it), then
    each heavy column alone."""
    heavy = [name for name in names if per_row.get(name, 0) >= HEAVY_BYTES]
    return [[name for name in names if name not in heavy], *([name] for name in heavy)]


def _filled(column) -> int:
    """Rows where the value is non-empty (a list with an item, a string with a character, any other non-null)."""
    if pa.types.is_list(column.type):
        filled = pc.sum(pc.fill_null(pc.greater(pc.list_value_length(column), 0), False)).as_py()
    elif pa.types.is_string(column.type):
        filled = pc.sum(pc.fill_null(pc.greater(pc.utf8_length(column), 0), False)).as_py()
    else:
        filled = len(column) - column.null_count
    return filled or 0


def _count(batch: pa.RecordBatch, facts: Facts) -> None:
    """The row count, days, versions and last fetch of a batch of _FACT_COLUMNS (non_empty is counted apart)."""
    facts.rows += batch.num_rows
    days = _days(batch)
    valid = [d for d in days if d is not None]
    if valid:
        facts.first_day = min([d for d in (facts.first_day, min(valid)) if d is not None])
        facts.last_day = max([d for d in (facts.last_day, max(valid)) if d is not None])
        facts.per_year.update(d.year for d in valid)
    facts.parser_versions.update(v for v in batch.column("parser_version").to_pylist() if v)
    facts.methods.update(v for v in batch.column("extraction_method").to_pylist() if v)
    fetched = pc.max(batch.column("fetched_at")).as_py()
    if fetched is not None and (facts.last_fetch is None or fetched > facts.last_fetch):
        facts.last_fetch = fetched


def _days(batch: pa.RecordBatch) -> list[date | None]:
    """The site's calendar day of each row: published_date, else (rows of schema v1) the UTC date."""
    published_date = batch.column("published_date").to_pylist()
    published_at = batch.column("published_at").to_pylist()
    return [
        d if d is not None else (t.date() if t is not None else None)
        for d, t in zip(published_date, published_at, strict=True)
    ]


# --------------------------------------------------------------------------------------------------- render
def card(facts: Facts) -> str:
    from rs_scraper.schema import SCHEMA_VERSION

    span = f"{facts.first_day} to {facts.last_day}" if facts.first_day else "no dated article yet"
    lines = [
        "# Responsible Statecraft articles",
        "",
        f"A dataset of the articles of [Responsible Statecraft]({SITE}), one row per article, made with "
        f"[rs_scraper]({rs_scraper.PROJECT_URL}) {rs_scraper.__version__}. This card is rewritten by every crawl "
        f"from what this directory holds; do not edit it.",
        "",
        "## Summary",
        "",
        f"- **Source**: {SITE} ({PUBLISHER}); crawled from {', '.join(_bases(facts)) or 'no recorded run'}.",
        f"- **Articles**: {facts.rows} (in `articles/`, one row per URL, Parquet, partitioned by year).",
        f"- **Published**: {span} (the site's calendar day, `published_date`).",
        f"- **Last fetched**: {_iso(facts.last_fetch) or 'never'}; crawl runs recorded: {len(facts.runs)} (`runs/`).",
        f"- **Schema version**: files at {_counts(facts.schema_versions, 'v')}; this rs_scraper writes "
        f"v{SCHEMA_VERSION}. Every column is described in rs_scraper's `data/README.md`.",
        f"- **Parser versions**: {_counts(facts.parser_versions)}; text extracted by: {_counts(facts.methods)}.",
        "",
        "## Licence and terms of use",
        "",
        LICENCE_NOTE,
        "",
        "## Articles per year",
        "",
        "| year | articles |",
        "|---|---|",
        *[f"| {year} | {n} |" for year, n in sorted(facts.per_year.items())],
        "",
        "## Fields and their coverage",
        "",
        "Coverage: the share of rows where the field is set (a list: not empty; a string: not empty). A column "
        "added by a later schema version is empty in rows stored before it, until they are fetched again.",
        "",
        "| field | type | coverage | meaning |",
        "|---|---|---|---|",
    ]
    for col in COLUMNS:
        share = facts.non_empty[col.name] / facts.rows if facts.rows else 0.0
        lines.append(f"| `{col.name}` | `{col.arrow}` | {share:.1%} | {_first_sentence(col.meaning)} |")
    lines += [
        "",
        "## How to cite",
        "",
        "Cite each article you quote by its author, title, `url` and `published_date`. Cite the dataset as:",
        "",
        "```",
        citation(facts),
        "```",
        "",
        "## Loading",
        "",
        "```python",
        "import pandas as pd",
        'articles = pd.read_parquet("articles")  # from this directory',
        "",
        "import datasets  # Hugging Face",
        'ds = datasets.load_dataset("parquet", data_dir="articles", split="train")',
        'info = datasets.DatasetInfo.from_directory(".")  # this card\'s facts, from dataset_info.json',
        "```",
        "",
    ]
    return "\n".join(lines)


def citation(facts: Facts) -> str:
    year = facts.last_fetch.year if facts.last_fetch else datetime.now(UTC).year
    span = f"{facts.first_day}--{facts.last_day}" if facts.first_day else "undated"
    return "\n".join(
        [
            f"@misc{{responsible_statecraft_articles_{year},",
            "  title        = {{Responsible Statecraft articles, " + span + "}},",
            "  author       = {{Responsible Statecraft (Quincy Institute for Responsible Statecraft)}},",
            f"  howpublished = {{Collected from {SITE} with rs_scraper {rs_scraper.__version__}, "
            f"{facts.rows} articles}},",
            f"  year         = {{{year}}},",
            f"  note         = {{Retrieved {_iso(facts.last_fetch, day=True) or 'n/a'}}},",
            "}",
        ]
    )


def info(facts: Facts) -> dict:
    """``dataset_info.json``: the DatasetInfo fields of Hugging Face ``datasets``."""
    from rs_scraper.schema import ARTICLE_SCHEMA, SCHEMA_VERSION

    return {
        "description": f"Articles of Responsible Statecraft ({SITE}), one row per article, collected with "
        f"rs_scraper {rs_scraper.__version__}: {facts.rows} articles published "
        f"{facts.first_day} to {facts.last_day}. Schema version {SCHEMA_VERSION}; "
        f"see DATASET.md beside this file.",
        "citation": citation(facts),
        "homepage": SITE,
        "license": LICENCE_NOTE,
        "features": hf_features(ARTICLE_SCHEMA),
        "dataset_name": "responsible_statecraft_articles",
        "config_name": "default",
        "splits": {
            "train": {"name": "train", "num_examples": facts.rows, "dataset_name": "responsible_statecraft_articles"}
        },
        "version": {"version_str": f"{SCHEMA_VERSION}.0.0", "major": SCHEMA_VERSION, "minor": 0, "patch": 0},
    }


def hf_features(schema: pa.Schema) -> dict:
    """The schema as a ``datasets.Features`` dict (``Features.from_dict`` reads it back)."""
    return {f.name: _feature(f.type) for f in schema}


def _feature(kind: pa.DataType) -> dict:
    if pa.types.is_list(kind):
        return {"feature": _feature(kind.value_type), "_type": "List"}
    if pa.types.is_struct(kind):
        return {kind.field(i).name: _feature(kind.field(i).type) for i in range(kind.num_fields)}
    names = {pa.string(): "string", pa.bool_(): "bool", pa.date32(): "date32"}
    dtype = names.get(kind) or str(kind)
    return {"dtype": dtype, "_type": "Value"}


# ---------------------------------------------------------------------------------------------------- write
def write(data_dir: str | Path) -> tuple[Path, Path]:
    """Gather the facts of ``data_dir`` and (re)write its DATASET.md and dataset_info.json, atomically."""
    data_dir = Path(data_dir)
    facts = gather(data_dir)
    card_path, info_path = data_dir / CARD_NAME, data_dir / INFO_NAME
    _write_atomic(card_path, card(facts))
    _write_atomic(info_path, json.dumps(info(facts), indent=2, ensure_ascii=False) + "\n")
    return card_path, info_path


def _write_atomic(path: Path, text: str) -> None:
    from rs_scraper import fortress

    # through DATA_DIR/.tmp and a rename, never following a link planted in the data dir
    fortress.write_atomic(path.parent, path.name, lambda handle: handle.write(text.encode("utf-8")))


def _bases(facts: Facts) -> list[str]:
    return sorted(
        {
            str((m.get("settings") or {}).get("RS_BASE_URL"))
            for m in facts.runs
            if (m.get("settings") or {}).get("RS_BASE_URL")
        }
    )


def _counts(counter: Counter, prefix: str = "") -> str:
    return ", ".join(f"{prefix}{k} ({n})" for k, n in sorted(counter.items())) or "none"


def _iso(value: datetime | None, day: bool = False) -> str | None:
    if value is None:
        return None
    value = value.astimezone(UTC)
    return value.strftime("%Y-%m-%d") if day else value.strftime("%Y-%m-%d %H:%M UTC")


def _first_sentence(text: str) -> str:
    head = text.split(". ")[0].rstrip(".")
    return (head + ".").replace("|", "\\|")


assert "published_date" in BY_NAME and "published_at" in BY_NAME  # the card's date span reads them
