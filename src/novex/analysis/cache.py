"""A small, thread-safe cache of computed results, with one computation per key at a time.

Keys carry the data revision they were computed from (see `novex.audit.Revision`), so
an entry never goes stale: a change makes a new key, and old keys age out of the LRU.
Concurrent requests for a key that is being computed wait for that one computation
instead of starting their own.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable
from concurrent.futures import Future
from threading import Lock
from typing import Generic, TypeVar

T = TypeVar("T")


class ResultCache(Generic[T]):
    """Least-recently-used results by key; callers must treat a result as read-only."""

    def __init__(self, size: int = 16) -> None:
        self.size = size
        self._done: OrderedDict[Hashable, T] = OrderedDict()
        self._running: dict[Hashable, Future[T]] = {}
        self._lock = Lock()
        self.hits = self.misses = 0

    def get(self, key: Hashable, compute: Callable[[], T]) -> T:
        """The result for `key`, computing it (once, even under concurrent calls) when absent."""
        with self._lock:
            if key in self._done:
                self._done.move_to_end(key)
                self.hits += 1
                return self._done[key]
            running = self._running.get(key)
            if running is None:
                self.misses += 1
                running = self._running[key] = Future()
                owner = True
            else:
                self.hits += 1
                owner = False
        if not owner:
            return running.result()
        try:
            value = compute()
        except BaseException as exc:
            with self._lock:
                del self._running[key]
            running.set_exception(exc)
            raise
        with self._lock:
            del self._running[key]
            self._done[key] = value
            while len(self._done) > self.size:
                self._done.popitem(last=False)
        running.set_result(value)
        return value

    def clear(self) -> None:
        """Forget every result."""
        with self._lock:
            self._done.clear()
