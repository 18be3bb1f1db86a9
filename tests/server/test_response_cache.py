"""The response cache on its own: per data version, least recently used first, bounded by bytes."""

from __future__ import annotations

from prometheus_client import REGISTRY

from web.httpcache import accepts_gzip, gzip_bytes, matching_tag
from web.response_cache import OVERHEAD, Cached, ResponseCache, entry_size


def _entry(size: int, tag: str = '"t"') -> Cached:
    return Cached(b"x" * size, 200, "application/json", tag)


def test_a_miss_then_a_hit() -> None:
    cache = ResponseCache(10_000, "v1")
    assert cache.get("v1", ("a",)) is None
    entry = _entry(10)
    assert cache.put("v1", ("a",), entry)
    assert cache.get("v1", ("a",)) is entry
    stats = cache.stats()
    assert (stats.hits, stats.misses, stats.entries) == (1, 1, 1)


def test_bounded_by_bytes_least_recently_used_first() -> None:
    per_entry = entry_size(("a",), _entry(1000))
    cache = ResponseCache(3 * per_entry, "v1")
    for name in "abc":
        cache.put("v1", (name,), _entry(1000))
    cache.get("v1", ("a",))  # now b is the least recently used
    cache.put("v1", ("d",), _entry(1000))
    assert cache.get("v1", ("b",)) is None
    assert all(cache.get("v1", (name,)) is not None for name in "acd")
    stats = cache.stats()
    assert stats.size <= stats.max_bytes
    assert stats.evictions == 1


def test_an_entry_larger_than_the_whole_cache_is_not_kept() -> None:
    cache = ResponseCache(OVERHEAD + 100, "v1")
    assert not cache.put("v1", ("big",), _entry(1000))
    assert cache.stats().entries == 0


def test_a_zero_budget_turns_the_cache_off() -> None:
    cache = ResponseCache(0, "v1")
    assert not cache.enabled
    assert not cache.put("v1", ("a",), _entry(1))


def test_a_new_version_drops_every_entry_of_the_old_one() -> None:
    cache = ResponseCache(10_000, "v1")
    cache.put("v1", ("a",), _entry(10))
    cache.retain("v2")
    assert cache.stats().entries == 0
    assert cache.stats().size == 0
    assert cache.get("v1", ("a",)) is None


def test_a_result_computed_on_an_older_snapshot_is_refused() -> None:
    # A request read v1, the data was swapped to v2 while it ran: its result must not be kept.
    cache = ResponseCache(10_000, "v1")
    cache.retain("v2")
    assert not cache.put("v1", ("a",), _entry(10))
    assert cache.get("v2", ("a",)) is None


def test_gzip_variants_count_against_the_budget() -> None:
    cache = ResponseCache(100_000, "v1")
    entry = _entry(5000)
    cache.put("v1", ("a",), entry)
    before = cache.stats().size
    compressed = gzip_bytes(entry.body)
    cache.add_gzip("v1", ("a",), entry, compressed)
    assert entry.gzip == compressed
    assert cache.stats().size == before + len(compressed)


def test_gzip_is_deterministic() -> None:
    body = b'{"data": "' + b"abc" * 1000 + b'"}'
    assert gzip_bytes(body) == gzip_bytes(body)


def test_accept_encoding_parsing() -> None:
    assert accepts_gzip("gzip, deflate, br")
    assert accepts_gzip("br;q=1.0, gzip;q=0.8")
    assert accepts_gzip("*")
    assert not accepts_gzip(None)
    assert not accepts_gzip("identity")
    assert not accepts_gzip("gzip;q=0")
    assert not accepts_gzip("*, gzip;q=0")
    assert not accepts_gzip("br")


def test_if_none_match_uses_weak_comparison_and_either_encoding() -> None:
    tag = '"v1-abc"'
    assert matching_tag('"v1-abc"', tag) == '"v1-abc"'
    assert matching_tag('W/"v1-abc"', tag) == '"v1-abc"'
    assert matching_tag('"other", "v1-abc-gzip"', tag) == '"v1-abc-gzip"'
    assert matching_tag("*", tag) == tag
    assert matching_tag('"v1-abd"', tag) is None
    assert matching_tag(None, tag) is None


def test_hits_misses_evictions_and_bytes_are_exported_as_metrics() -> None:
    def sample(name: str) -> float:
        value = REGISTRY.get_sample_value(name)
        assert value is not None, name
        return value

    names = (
        "orggraph_response_cache_hits_total",
        "orggraph_response_cache_misses_total",
        "orggraph_response_cache_evictions_total",
    )
    before = [sample(name) for name in names]
    per_entry = entry_size(("a",), _entry(1000))
    cache = ResponseCache(2 * per_entry, "v1")
    cache.get("v1", ("a",))  # a miss
    for name in "abc":  # c evicts a
        cache.put("v1", (name,), _entry(1000))
    cache.get("v1", ("c",))  # a hit
    moved = [sample(name) - old for name, old in zip(names, before, strict=True)]
    assert moved == [1, 1, 1]
    assert sample("orggraph_response_cache_bytes") == cache.stats().size == 2 * per_entry
