"""A small pool of open stores for a server: each request borrows one and gives it back.

A store is one connection with its own transaction, so two requests never share one. On a
DuckDB file every store of the pool is a connection of this one process to the same database
(DuckDB shares the open file between them; writers wait for each other on the engine's named
locks); on PostgreSQL each is a connection to the server. Stores are opened as they are first
needed, at most ``size``; a request that finds them all lent waits for one.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from stockpilot.adapters.storage.store import Store, open_store


class StorePool:
    def __init__(self, target: str, size: int = 4) -> None:
        self.target = target
        self.size = size
        self._idle: queue.LifoQueue[Store] = queue.LifoQueue()
        self._opened: list[Store] = []
        self._guard = threading.Lock()

    @contextmanager
    def store(self) -> Iterator[Store]:
        """Borrow a store for the length of the block."""
        borrowed = self._borrow()
        try:
            yield borrowed
        finally:
            self._idle.put(borrowed)

    def _borrow(self) -> Store:
        try:
            return self._idle.get_nowait()
        except queue.Empty:
            pass
        with self._guard:
            if len(self._opened) < self.size:
                opened = open_store(self.target)
                self._opened.append(opened)
                return opened
        return self._idle.get()

    def close(self) -> None:
        with self._guard:
            for opened in self._opened:
                opened.close()
            self._opened.clear()
