"""Progress of long work: services report it, the edges show it (a progress bar in the CLI)."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import TypeVar

T = TypeVar("T")

Progress = Callable[[str, int, int], None]
"""A report of progress: the stage (Dutch, e.g. 'controleren'), items done, items in all."""


def silent(stage: str, done: int, total: int) -> None:
    """Report progress nowhere."""


def tracked(items: Sequence[T], stage: str, progress: Progress, every: int = 200) -> Iterator[T]:
    """The items, reporting to `progress` every `every` items and once at the end."""
    total = len(items)
    for done, item in enumerate(items):
        if done % every == 0:
            progress(stage, done, total)
        yield item
    progress(stage, total, total)
