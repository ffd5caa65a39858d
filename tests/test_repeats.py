"""pipelines.repeats: the keys stored more than once, exact, without holding the key column (issue 14)."""

from __future__ import annotations

import tracemalloc

import pyarrow as pa

from pipelines.repeats import repeated


class Passes:
    """chunks() for repeated(), counting how often the data is read."""

    def __init__(self, *chunks: list) -> None:
        self.chunks = [pa.array(values) for values in chunks]
        self.calls = 0

    def __call__(self):
        self.calls += 1
        return iter(self.chunks)


def test_no_key_twice_reads_the_data_once():
    passes = Passes(["a", "b"], ["c"], [])
    assert repeated(passes) == set()
    assert passes.calls == 1


def test_keys_stored_twice_across_chunks_are_found_exactly():
    passes = Passes(["a", "b", "c"], ["d", "b"], ["a", "e", "a"])
    assert repeated(passes) == {"a", "b"}
    assert passes.calls == 2


def test_two_keys_whose_hashes_meet_are_not_reported():
    # CPython hashes -1 and -2 alike: a collision, which the exact second pass must drop
    assert hash(-1) == hash(-2)
    passes = Passes([-1, 5], [-2])
    assert repeated(passes) == set()
    assert passes.calls == 2


def test_empty_and_single_inputs():
    assert repeated(Passes()) == set()
    assert repeated(Passes(["only"])) == set()


def test_a_big_column_is_never_held_as_python_objects():
    chunks = [
        pa.array([f"https://example.org/{i:07d}/" for i in range(start, start + 1000)])
        for start in range(0, 100_000, 1000)
    ]
    tracemalloc.start()
    try:
        assert repeated(lambda: iter(chunks)) == set()
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    # 8 bytes a key (800 KB) plus one chunk's strings; a set or a list of every key would be ~10 MiB
    assert peak < 3 * 1024 * 1024, peak
