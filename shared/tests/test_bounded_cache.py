"""The byte-bounded LRU cache: eviction by bytes, least recently used first, oversized entries
refused, and the byte total always what the entries weigh."""

from __future__ import annotations

import random

from koko_shared.bounded_cache import ENTRY_OVERHEAD_BYTES, ByteLru


def test_the_least_recently_used_entries_make_room_by_bytes() -> None:
    # given: room for 1,000 bytes with bookkeeping, three entries of 200 bytes
    cache: ByteLru[str] = ByteLru(1_000 + 3 * ENTRY_OVERHEAD_BYTES, max_entry_bytes=1_000)
    for key in "abc":
        cache.put(key, key.upper(), 200)
    assert cache.get("a") == "A"  # a is now the most recently used
    # when: an entry of 400 bytes arrives
    cache.put("d", "D", 400)
    # then: b, the least recently used, gave way; a, c and d remain
    assert cache.get("b") is None
    assert [cache.get(k) for k in "acd"] == ["A", "C", "D"]
    assert cache.bytes == 800 + 3 * ENTRY_OVERHEAD_BYTES


def test_an_entry_larger_than_its_share_is_refused_and_evicts_nothing() -> None:
    cache: ByteLru[str] = ByteLru(10_000)  # one entry at most a quarter: 2,500 bytes
    cache.put("small", "s", 100)
    # when
    kept = cache.put("huge", "h", 5_000)
    # then
    assert kept is False and "huge" not in cache
    assert cache.get("small") == "s"


def test_replacing_and_popping_keep_the_total_exact() -> None:
    cache: ByteLru[str] = ByteLru(100_000)
    cache.put("k", "v1", 1_000)
    cache.put("k", "v2", 3_000)
    assert cache.bytes == 3_000 + ENTRY_OVERHEAD_BYTES and len(cache) == 1
    assert cache.pop("k") == "v2"
    assert cache.bytes == 0 and len(cache) == 0


def test_a_flood_of_distinct_entries_never_exceeds_the_budget() -> None:
    # given
    budget = 1_000_000
    cache: ByteLru[int] = ByteLru(budget)
    sizes = random.Random(17).choices(range(1, 300_000), k=5_000)
    # when: 5,000 entries of up to 300 kB (about 750 MB in all) arrive
    for number, size in enumerate(sizes):
        cache.put(number, number, size)
        # then: at every step the total is within the budget and is the sum of what is held
        assert cache.bytes <= budget
    held = [n for n in range(len(sizes)) if n in cache]
    assert cache.bytes == sum(sizes[n] + ENTRY_OVERHEAD_BYTES for n in held)
    assert (held and held[-1] == len(sizes) - 1) or sizes[-1] + ENTRY_OVERHEAD_BYTES > budget // 4
