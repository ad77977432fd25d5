"""The engine's one memo keeps the most recently used entries and is safe across threads."""

from __future__ import annotations

import threading

from kvaldesk.bounded_cache import BoundedCache


def test_it_forgets_the_least_recently_used_entry() -> None:
    cache: BoundedCache[str, str] = BoundedCache(2)
    cache.put("Åsa", "granskare")
    cache.put("Örjan", "samordnare")
    assert cache.get("Åsa") == "granskare"  # now the most recently used
    cache.put("Märta", "granskare")
    assert "Örjan" not in cache
    assert cache.get("Åsa") == "granskare"
    assert len(cache) == 2


def test_get_or_make_makes_a_value_once_per_key() -> None:
    cache: BoundedCache[tuple[str, str], list[str]] = BoundedCache(8)
    made: list[str] = []

    def make() -> list[str]:
        made.append("x")
        return ["fråga"]

    first = cache.get_or_make(("mall", "innehåll"), make)
    assert cache.get_or_make(("mall", "innehåll"), make) is first
    assert made == ["x"]
    cache.get_or_make(("mall", "ändrat innehåll"), make)
    assert made == ["x", "x"]


def test_threads_sharing_it_never_see_more_than_its_size() -> None:
    cache: BoundedCache[int, int] = BoundedCache(16)

    def fill(offset: int) -> None:
        for i in range(2000):
            cache.put(offset + i, i)
            cache.get(offset + i // 2)

    threads = [threading.Thread(target=fill, args=(n * 10_000,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(cache) == 16
