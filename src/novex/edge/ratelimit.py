"""A small in-memory sliding-window limiter for login attempts per client address."""

from __future__ import annotations

import threading
import time
from collections import defaultdict, deque

from novex.errors import NovexError


class TooManyRequests(NovexError):
    """Too many attempts from one address in a short time."""


class RateLimiter:
    """At most `limit` hits per `window` seconds per key (e.g. a client IP)."""

    def __init__(self, limit: int = 20, window: float = 300.0) -> None:
        self.limit, self.window = limit, window
        self._hits: dict[str, deque[float]] = defaultdict(deque)
        self._lock = threading.Lock()

    def hit(self, key: str) -> None:
        """Record an attempt; raise `TooManyRequests` when over the limit."""
        now = time.monotonic()
        with self._lock:
            hits = self._hits[key]
            while hits and hits[0] <= now - self.window:
                hits.popleft()
            if len(hits) >= self.limit:
                wait = int(hits[0] + self.window - now) + 1
                raise TooManyRequests(
                    f"te veel inlogpogingen vanaf dit adres; probeer het over {wait} seconden opnieuw"
                )
            hits.append(now)
