"""The compact in-run maps (rs_scraper.compact): exact keys, so a hash collision never merges two URLs."""

from __future__ import annotations

import hashlib

import pytest

from rs_scraper.compact import KeyTable


def colliding(key: str) -> int:
    return 42  # every key in the same slot chain: the worst case a real hash can only approach


@pytest.mark.parametrize("hash_fn", [hash, colliding], ids=["python-hash", "all-colliding"])
def test_every_key_keeps_its_own_id_whatever_the_hash(hash_fn):
    table = KeyTable(hash=hash_fn)
    keys = [f"https://site.example/a/{i}/" for i in range(300)] + ["", "é/ü", "https://site.example/a/1"]
    ids = [table.add(k) for k in keys]
    assert ids == list(range(len(keys)))  # dense, in insertion order, through several growths
    assert [table.add(k) for k in keys] == ids  # adding again finds the same entry
    assert [table.find(k) for k in keys] == ids
    assert [table.key(i) for i in ids] == keys and list(table) == keys
    assert len(table) == len(keys)
    assert table.find("https://site.example/a/300/") == -1 and "https://site.example/a/300/" not in table
    assert "https://site.example/a/7/" in table and 7 not in table


def test_packed_column_keeps_every_value_exactly_packed_or_not():
    from rs_scraper.compact import SHA256_HEX, PackedColumn

    digest = hashlib.sha256(b"text").hexdigest()
    column = PackedColumn(SHA256_HEX)
    values = {2: digest, 0: None, 3: digest.upper(), 4: "not hex", 5: digest[:10], 6: ""}
    for ident, value in values.items():
        column.set(ident, value)
    assert {i: column.get(i) for i in values} == values  # upper case, short or odd strings: kept as they are
    assert column._as_is.keys() == {3, 4, 5, 6}  # only the canonical form is packed
    assert (column.has(0), column.has(1), column.has(9)) == (True, False, False)
    column.set(4, digest)
    column.set(2, None)
    assert (column.get(4), column.get(2), column.has(2)) == (digest, None, True) and 4 not in column._as_is


def test_keys_of_many_origins_and_no_origin_keep_their_ids():
    table = KeyTable()
    keys = [f"https://host{i}.example/p" for i in range(300)] + ["no-scheme/x", "https://", "a://b"]
    ids = [table.add(k) for k in keys]
    assert [table.find(k) for k in keys] == ids and list(table) == keys
    assert len(table.origins) == 255  # the rest are stored whole
    assert table.find("https://host299.example/q") == -1


def test_label_map_keeps_each_keys_label_exactly_under_colliding_hashes():
    from rs_scraper.compact import LabelMap

    labels: LabelMap[str] = LabelMap(KeyTable(hash=colliding))
    for i in range(50):
        labels[f"/a/{i}"] = f"sitemap-{i % 3}.xml"
    labels["/a/4"] = "other.xml"
    assert [labels.get(f"/a/{i}") for i in range(6)] == [
        "sitemap-0.xml",
        "sitemap-1.xml",
        "sitemap-2.xml",
        "sitemap-0.xml",
        "other.xml",
        "sitemap-2.xml",
    ]
    assert labels.get("/a/50") is None and "/a/49" in labels and len(labels) == 50
    assert labels.labels == ["sitemap-0.xml", "sitemap-1.xml", "sitemap-2.xml", "other.xml"]
    labels.keys.add("/shared/key")  # a key another map of the same KeyTable added: not in this one
    assert "/shared/key" not in labels and labels.get("/shared/key") is None and len(labels) == 50


def test_waiting_urls_give_back_equal_entries_newest_first():
    from datetime import UTC, datetime, timedelta, timezone

    from rs_scraper.compact import WaitingUrls

    keys = KeyTable(hash=colliding)  # every URL's hash alike: entries still come back exact
    keys.add("https://site.example/seen-before")
    waiting = WaitingUrls(keys)
    entries = [
        (
            "https://site.example/a/",
            "http://127.0.0.1:9/a/",
            "sitemaps",
            datetime(2024, 1, 1, tzinfo=UTC),
            "2024",
            None,
        ),
        ("https://site.example/b", "https://site.example/b", "feed", None, None, None),  # fetched as listed
        ("https://site.example/c", "http://127.0.0.1:9/c/", "listings", None, "", None),  # listed with a slash
        ("https://site.example/d", "http://127.0.0.1:9/d", "feed", None, None, {"If-None-Match": '"x"'}),
        (
            "https://site.example/é",
            "http://127.0.0.1:9/%C3%A9",
            "sitemaps",
            datetime(1, 1, 1, tzinfo=UTC),
            "\udcff",
            None,
        ),
        (
            "https://site.example/seen-before",
            "http://127.0.0.1:9/seen-before",
            "listings",
            datetime(2024, 1, 1, 5, 6, 7, 891011, tzinfo=timezone(timedelta(hours=-5))),  # not UTC: kept as is
            "2024-01-01T00:00-05:00",
            None,
        ),
    ]
    assert not waiting
    for entry in entries:
        waiting.append(entry)
    assert len(waiting) == len(entries) and waiting.pop() == entries[-1]
    waiting.append(entries[0])
    out = [waiting.pop() for _ in range(len(entries))]
    assert out == [entries[0], *reversed(entries[:-1])] and not waiting
    pairs = zip(out[1:], reversed(entries[:-1]), strict=True)
    assert all(type(a) is type(b) for got, want in pairs for a, b in zip(got, want, strict=True))
    assert out[-1][3].tzinfo is UTC  # a UTC date comes back in UTC


def test_waiting_urls_of_the_sites_shape_cost_a_fraction_of_a_pickled_tuple():
    import pickle
    from datetime import UTC, datetime

    from rs_scraper.compact import WaitingUrls

    waiting = WaitingUrls()
    pickled = 0
    for i in range(1000):
        path = f"/2024/05/{i % 28 + 1:02d}/why-the-us-should-rethink-its-policy-number-{i}/"
        entry = (
            "https://responsiblestatecraft.org" + path,
            "http://127.0.0.1:8080" + path,
            "sitemaps",
            datetime(2024, 5, i % 28 + 1, tzinfo=UTC),
            f"2024-05-{i % 28 + 1:02d}T10:00:00+00:00",
            None,
        )
        waiting.append(entry)
        pickled += len(pickle.dumps(entry, protocol=pickle.HIGHEST_PROTOCOL))
    assert len(waiting._blob) < pickled / 5  # beside the URL itself, which the crawl's KeyTable holds anyway


def test_key_set_members_are_only_the_keys_added_to_it():
    from rs_scraper.compact import KeySet

    shared = KeyTable(hash=colliding)
    seen = KeySet(shared)
    shared.add("/other-map")  # a key another map of the crawl added
    seen.add("/a")
    seen.add("/a")
    seen.add("/b")
    assert ("/a" in seen, "/b" in seen, "/other-map" in seen, "/c" in seen) == (True, True, False, False)
    assert len(seen) == 2 and bool(seen) and not KeySet()


def test_one_crawl_shares_one_key_table_and_two_crawls_do_not():
    from rs_scraper.compact import crawl_keys
    from tests.kit.crawler import crawler

    first, second = crawler(), crawler()
    assert crawl_keys(first) is crawl_keys(first) and crawl_keys(first) is not crawl_keys(second)
    assert crawl_keys(None) is not crawl_keys(None)


def test_the_archives_codecs_pack_their_canonical_forms_and_keep_any_other_exactly():
    """A canonical value is packed without unpacking it again (Codec.canonical); a near miss must not be: it
    is kept as it is, and every value reads back exactly."""
    import base64
    import uuid

    from rs_scraper.compact import PackedColumn
    from rs_scraper.warc.writer import PAYLOAD_DIGEST, RECORD_ID, WARC_DATE

    digest = "sha1:" + base64.b32encode(hashlib.sha1(b"body").digest()).decode("ascii")
    urn = f"<urn:uuid:{uuid.UUID(int=0x1234_5678_9ABC_DEF0_0FED_CBA9_8765_4321)}>"
    cases = {
        PAYLOAD_DIGEST: ([digest], ["sha1:" + digest[5:].lower(), digest[:-1] + "=", digest[:-1] + "1", "sha1:"]),
        RECORD_ID: ([urn], [urn.upper(), urn.replace("-", ""), "<urn:uuid:{" + urn[10:-1] + "}>", urn[:-1]]),
        WARC_DATE: (
            ["2026-11-27T19:05:01.123456Z", "1000-01-01T00:00:00.000000Z"],
            ["2026-11-27T19:05:01.123Z", "2026-11-27T19:05:01Z", "0999-01-01T00:00:00.000000Z", "2026-11-27"],
        ),
    }
    for codec, (canonical, others) in cases.items():
        column = PackedColumn(codec)
        values = canonical + others
        for ident, value in enumerate(values):
            column.set(ident, value)
        assert [column.get(i) for i in range(len(values))] == values
        assert all(codec.exact(v) for v in canonical) and not any(codec.exact(v) for v in others)
        assert not set(column._as_is) & set(range(len(canonical)))  # the canonical ones are packed
