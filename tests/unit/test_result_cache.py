"""The result cache: hits, LRU eviction, errors not cached, one computation under concurrent calls."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from novex.analysis.cache import ResultCache


def test_hits_and_least_recently_used_eviction():
    cache: ResultCache[str] = ResultCache(size=2)
    calls = []

    def compute(key):
        return lambda: calls.append(key) or f"r{key}"

    assert cache.get(1, compute(1)) == "r1" and cache.get(1, compute(1)) == "r1"
    cache.get(2, compute(2))
    cache.get(1, compute(1))  # 1 is now the most recent
    cache.get(3, compute(3))  # evicts 2
    cache.get(1, compute(1))
    cache.get(2, compute(2))
    assert calls == [1, 2, 3, 2] and (cache.hits, cache.misses) == (3, 4)


def test_an_error_is_raised_to_every_waiter_and_not_cached():
    cache: ResultCache[int] = ResultCache()

    def boom():
        raise ValueError("kapot")

    with pytest.raises(ValueError, match="kapot"):
        cache.get("k", boom)
    assert cache.get("k", lambda: 42) == 42


def test_concurrent_calls_share_one_computation():
    cache: ResultCache[object] = ResultCache()
    started, computations = threading.Event(), []

    def slow():
        computations.append(1)
        started.set()
        time.sleep(0.2)
        return object()

    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(lambda _: cache.get("national", slow), range(8)))
    assert len(computations) == 1 and all(r is results[0] for r in results)
