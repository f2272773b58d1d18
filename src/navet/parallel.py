"""Running independent pieces of work a few at a time in threads (work that releases the GIL:
DuckDB queries, pyarrow writes)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")


def run_all(function: Callable[[T], R], items: Iterable[T], workers: int) -> list[R]:
    """`function` of every item, at most `workers` at a time, results in the items' order. The
    first error is raised once the pieces already running have ended; pieces not yet started
    are cancelled."""
    with ThreadPoolExecutor(max_workers=workers) as pool:
        futures = [pool.submit(function, item) for item in items]
        try:
            return [future.result() for future in futures]
        except BaseException:
            pool.shutdown(cancel_futures=True)
            raise
