"""The compact in-run maps (rs_scraper.compact): exact keys, so a hash collision never merges two URLs."""

from __future__ import annotations

import pytest

from rs_scraper.compact import KeyTable, TextColumn


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


def test_text_column_tells_none_from_never_set_and_keeps_the_last_value():
    column = TextColumn()
    column.set(2, "two")
    column.set(0, None)
    assert (column.has(0), column.get(0)) == (True, None)
    assert (column.has(1), column.get(1)) == (False, None)
    assert (column.has(5), column.get(5)) == (False, None)
    column.set(2, "deux")
    column.set(1, "")
    assert (column.get(2), column.get(1), column.has(1)) == ("deux", "", True)


def test_label_map_keeps_each_keys_label_exactly_under_colliding_hashes():
    from rs_scraper.compact import LabelMap

    labels: LabelMap[str] = LabelMap(hash=colliding)
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
