"""In-run state spilled to a nameless scratch file in the data dir (rs_scraper.spill, issue 14).

The structures must give back exactly what an all-in-memory one would, hold only ``keep`` bytes in memory, leave
no name behind in ``DATA_DIR/.tmp/``, and stay correct (in memory) when the file cannot be made or written."""

from __future__ import annotations

import logging
import os
import random
import subprocess
import sys
from datetime import UTC, datetime, timedelta

import pandas as pd

from rs_scraper.compact import KeyTable, WaitingUrls
from rs_scraper.spill import Scratch, SpillBytes, SpillStack
from tests.kit.runs import REPO, SITE_URL, scrapy_crawl


def urls(n: int, seed: int = 1) -> list[str]:
    rng = random.Random(seed)
    words = ["iran", "venezuela", "sanctions", "nato", "ukraine", "gaza", "china", "trade", "oil", "war"]
    return [f"https://responsiblestatecraft.org/{'-'.join(rng.choices(words, k=6))}-{i}/" for i in range(n)]


def test_spilled_bytes_read_back_exactly_and_only_keep_bytes_stay_in_memory(tmp_path):
    scratch = Scratch(tmp_path, keep=1000)
    spilled, plain = SpillBytes(scratch), bytearray()
    rng = random.Random(3)
    for _ in range(3000):
        chunk = rng.randbytes(rng.randint(1, 90))
        spilled.append(chunk)
        plain += chunk
        assert spilled.in_memory < 1000
    assert len(spilled) == len(plain) > 100_000
    for _ in range(2000):
        start = rng.randrange(len(plain))
        end = rng.randint(start, min(len(plain), start + 300))
        assert bytes(spilled.read(start, end)) == bytes(plain[start:end])
    assert os.listdir(tmp_path / ".tmp") == []  # the file has no name: nothing to sweep, nothing left behind


def test_a_spilled_key_table_finds_every_key_with_a_fraction_of_the_memory(tmp_path):
    keys = urls(20_000)
    spilled, whole = KeyTable(scratch=Scratch(tmp_path, keep=4096)), KeyTable()
    for key in keys:
        assert spilled.add(key) == whole.add(key)
    assert [spilled.key(i) for i in range(len(keys))] == keys
    assert all(spilled.find(k) == i for i, k in enumerate(keys))
    assert spilled.find(keys[5] + "x") == -1 and spilled.add(keys[7]) == 7  # no second entry for a known key
    assert spilled.bytes_in_memory < whole.bytes_in_memory * 0.6


def test_colliding_hashes_stay_exact_in_a_spilled_table(tmp_path):
    keys = urls(500)
    table = KeyTable(hash=lambda key: 42, scratch=Scratch(tmp_path, keep=256))
    ids = [table.add(k) for k in keys]
    assert ids == list(range(500)) and [table.find(k) for k in keys] == ids


def waiting_entries(n: int) -> list[tuple]:
    when = datetime(2024, 1, 1, tzinfo=UTC)
    out = []
    for i, url in enumerate(urls(n, seed=2)):
        fetch = url.replace("https://responsiblestatecraft.org", "http://127.0.0.1:8080")
        headers = {"If-None-Match": f'"{i}"'} if i % 97 == 0 else None  # pickled whole
        lastmod = (when + timedelta(hours=i)).isoformat() if i % 5 else None
        out.append((url, fetch, "sitemap" if i % 3 else "feed", when + timedelta(hours=i), lastmod, headers))
    return out


def test_waiting_urls_spilled_in_segments_come_back_newest_first(tmp_path):
    entries = waiting_entries(6000)
    waiting, reference = WaitingUrls(KeyTable(), Scratch(tmp_path, keep=2048)), []
    rng = random.Random(4)
    popped, expected = [], []
    feed = list(reversed(entries))
    while feed:  # a crawl: bursts of decisions (a sitemap read) between releases of a few requests
        if rng.random() < 0.6:
            entry = feed.pop()
            waiting.append(entry)
            reference.append(entry)
        elif reference:
            popped.append(waiting.pop())
            expected.append(reference.pop())
        assert len(waiting) == len(reference)
        assert waiting.bytes_in_memory < 2048 + 600
    while reference:
        popped.append(waiting.pop())
        expected.append(reference.pop())
    assert popped == expected and len(popped) == 6000
    assert not waiting and os.listdir(tmp_path / ".tmp") == []


def test_a_stack_file_is_cut_back_as_segments_are_read(tmp_path):
    stack = SpillStack(Scratch(tmp_path, keep=1))
    assert stack.push(b"a" * 5000) and stack.push(b"b" * 3000)
    fd = stack._file.fd
    assert os.fstat(fd).st_size == 8000
    assert stack.pop() == b"b" * 3000 and os.fstat(fd).st_size == 5000
    assert stack.pop() == b"a" * 5000 and os.fstat(fd).st_size == 0 and len(stack) == 0


def test_without_a_usable_scratch_dir_everything_stays_in_memory_and_exact(tmp_path, caplog):
    (tmp_path / ".tmp").symlink_to(tmp_path / "elsewhere")  # a planted link: the fortress refuses it
    (tmp_path / "elsewhere").mkdir()
    scratch = Scratch(tmp_path, keep=512)
    entries = waiting_entries(3000)
    keys = [entry[0] for entry in entries]
    with caplog.at_level(logging.WARNING, logger="rs_scraper.spill"):
        table = KeyTable(scratch=scratch)
        waiting = WaitingUrls(table, scratch)
        for key, entry in zip(keys, entries, strict=True):
            table.add(key)
            waiting.append(entry)
        assert [table.key(i) for i in range(3000)] == keys
        assert [waiting.pop() for _ in range(3000)] == entries[::-1]
    assert scratch.broken and "symlink" in scratch.broken
    assert len([r for r in caplog.records if "stays in memory" in r.message]) == 1  # said once, not per spill
    assert os.listdir(tmp_path / "elsewhere") == []


# A file-size limit makes the scratch file's writes fail part way (EFBIG, as a full disk fails them): what was
# spilled still reads back, the rest stays in memory.
FULL_DISK = """
import os, resource, signal, sys
from rs_scraper.compact import KeyTable
from rs_scraper.spill import Scratch
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
resource.setrlimit(resource.RLIMIT_FSIZE, (20000, 20000))
scratch = Scratch(sys.argv[1], keep=4096)
table = KeyTable(scratch=scratch)
keys = [f"https://responsiblestatecraft.org/article-number-{i}-on-foreign-policy/" for i in range(5000)]
for k in keys:
    table.add(k)
assert [table.key(i) for i in range(len(keys))] == keys
assert all(table.find(k) == i for i, k in enumerate(keys))
assert 0 < table._blob._spilled <= 20000 and table._blob.in_memory > 4096
print(scratch.broken)
"""


def test_a_scratch_file_that_stops_growing_loses_nothing(tmp_path):
    out = subprocess.run(
        [sys.executable, "-c", FULL_DISK, str(tmp_path)], cwd=REPO, capture_output=True, text=True, timeout=60
    )
    assert out.returncode == 0, out.stderr
    assert "file size limit" in out.stdout  # the cause, said once (Scratch.broken)


def test_a_crawl_that_spills_almost_everything_stores_every_article_once(tmp_path):
    from rs_scraper.mirror import MirrorServer, MirrorSite

    site = MirrorSite(articles=150, seed=8)
    data_dir = tmp_path / "data"
    with MirrorServer(site, port=0) as server:
        result = scrapy_crawl(server.base_url, data_dir, "-s", "RS_SPILL_BYTES=64")
    assert result.returncode == 0, result.stderr[-3000:]
    frame = pd.read_parquet(data_dir / "articles")
    assert sorted(frame["url"]) == sorted(row["url"] for row in site.expected_rows(SITE_URL))
    assert not frame["url"].duplicated().any()
    assert os.listdir(data_dir / ".tmp") == []


def test_a_negative_spill_size_is_refused_in_one_line(tmp_path):
    result = scrapy_crawl("http://127.0.0.1:9", tmp_path / "data", "-s", "RS_SPILL_BYTES=-1")
    assert result.returncode == 2
    assert "RS_SPILL_BYTES" in result.stderr and "Traceback" not in result.stderr


def test_spilled_cells_read_back_what_was_set_and_zeros_elsewhere(tmp_path):
    from rs_scraper.spill import SpillCells

    cells, reference = SpillCells(17, Scratch(tmp_path, keep=1000)), {}
    rng = random.Random(5)
    for ident in [4000, *(rng.randrange(5000) for _ in range(3000))]:  # a LIFO crawl sets high ids first
        cell = rng.randbytes(17)
        cells.set(ident, cell)
        reference[ident] = cell
    assert cells.in_memory == 0  # past keep: all of them in the file
    assert all(cells.get(i) == reference.get(i, bytes(17)) for i in range(6000))
    assert os.listdir(tmp_path / ".tmp") == []


def test_a_packed_column_over_a_scratch_file_keeps_every_value(tmp_path):
    from rs_scraper.compact import SHA256_HEX, PackedColumn

    column, whole = PackedColumn(SHA256_HEX, Scratch(tmp_path, keep=256)), PackedColumn(SHA256_HEX)
    rng = random.Random(6)
    values = [rng.randbytes(32).hex() if i % 7 else ("not hex" if i % 2 else None) for i in range(400)]
    for i, value in enumerate(values):
        if i % 11:
            column.set(i, value)
            whole.set(i, value)
    assert [(column.has(i), column.get(i)) for i in range(500)] == [(whole.has(i), whole.get(i)) for i in range(500)]


# Cells moved to the scratch file, then a write fails (EFBIG under a file-size limit, as a full disk fails it):
# they come back to memory, and every cell still reads what was set.
CELLS_FULL_DISK = """
import random, resource, signal, sys
from rs_scraper.spill import Scratch, SpillCells
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
resource.setrlimit(resource.RLIMIT_FSIZE, (30000, 30000))
scratch = Scratch(sys.argv[1], keep=2000)
cells, reference = SpillCells(33, scratch), {}
rng = random.Random(7)
for ident in range(3000):
    cell = rng.randbytes(33)
    cells.set(ident, cell)
    reference[ident] = cell
assert all(cells.get(i) == reference[i] for i in range(3000))
assert cells.in_memory >= 3000 * 33
print(scratch.broken)
"""


def test_cells_whose_file_stops_growing_come_back_to_memory_whole(tmp_path):
    out = subprocess.run(
        [sys.executable, "-c", CELLS_FULL_DISK, str(tmp_path)], cwd=REPO, capture_output=True, text=True, timeout=60
    )
    assert out.returncode == 0, out.stderr
    assert "file size limit" in out.stdout


def test_a_collected_structure_closes_its_scratch_file(tmp_path):
    import gc

    table = KeyTable(scratch=Scratch(tmp_path, keep=64))
    for key in urls(100):
        table.add(key)
    fd = table._blob._file.fd
    os.fstat(fd)  # open while the table lives
    del table
    gc.collect()
    try:
        os.fstat(fd)
    except OSError:
        return
    raise AssertionError("the scratch file's descriptor outlived its table")


# Where the platform has no O_TMPFILE, a scratch file is created under a unique name and unlinked at once.
NO_TMPFILE = """
import os, sys
del os.O_TMPFILE
from rs_scraper.compact import KeyTable
from rs_scraper.spill import Scratch
table = KeyTable(scratch=Scratch(sys.argv[1], keep=64))
keys = [f"https://responsiblestatecraft.org/a-{i}/" for i in range(500)]
for k in keys:
    table.add(k)
assert [table.key(i) for i in range(500)] == keys
print(len(os.listdir(os.path.join(sys.argv[1], ".tmp"))), table._blob._spilled > 0)
"""


def test_without_o_tmpfile_the_scratch_file_is_unlinked_at_once(tmp_path):
    out = subprocess.run(
        [sys.executable, "-c", NO_TMPFILE, str(tmp_path)], cwd=REPO, capture_output=True, text=True, timeout=60
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["0", "True"]  # spilled, and no name left in .tmp/
