"""The result cache: hits, LRU eviction, errors not cached, one computation under concurrent calls."""

from __future__ import annotations

import threading
import time

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


CALLERS = 8
PATIENCE = 10  # seconds before a stuck test gives up instead of hanging


def race(cache: ResultCache, key: str, compute) -> tuple[list[object], list[BaseException]]:
    """CALLERS threads released together by a barrier, each asking `cache` for `key`; their results and errors.

    `compute` must block until `all_waiting(cache)` tells it every caller has asked.
    """
    barrier = threading.Barrier(CALLERS)
    results: list[object] = [None] * CALLERS
    errors: list[BaseException] = []

    def caller(i: int) -> None:
        barrier.wait(PATIENCE)
        try:
            results[i] = cache.get(key, compute)
        except BaseException as exc:  # collected and checked by the test
            errors.append(exc)

    threads = [threading.Thread(target=caller, args=(i,)) for i in range(CALLERS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(PATIENCE)
    assert not any(t.is_alive() for t in threads), "a caller is still blocked"
    return results, errors


def all_waiting(cache: ResultCache) -> bool:
    """Block until every caller has asked the cache (counted as a miss or a hit); False on timeout."""
    deadline = time.monotonic() + PATIENCE
    while cache.hits + cache.misses < CALLERS:
        if time.monotonic() > deadline:
            return False
        time.sleep(0.001)
    return True


def test_concurrent_calls_share_one_computation():
    cache: ResultCache[object] = ResultCache()
    computations = []

    def slow():
        computations.append(threading.get_ident())
        assert all_waiting(cache)  # the computation is still running while every other caller has asked
        return object()

    results, errors = race(cache, "national", slow)
    assert errors == []
    assert len(computations) == 1  # one computation for all eight concurrent callers
    assert all(r is results[0] for r in results) and results[0] is not None  # the very same object for each
    assert (cache.misses, cache.hits) == (1, CALLERS - 1)


def test_an_error_is_raised_to_every_waiter_and_not_cached():
    cache: ResultCache[int] = ResultCache()
    computations = []

    def boom():
        computations.append(threading.get_ident())
        assert all_waiting(cache)
        raise ValueError("kapot")

    results, errors = race(cache, "k", boom)
    assert len(computations) == 1
    assert len(errors) == CALLERS and all(isinstance(e, ValueError) and str(e) == "kapot" for e in errors)
    assert results == [None] * CALLERS
    assert cache.get("k", lambda: 42) == 42  # the error was not cached: the next call computes again
    assert len(computations) == 1 and cache.misses == 2
