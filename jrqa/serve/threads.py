"""Thread pools that keep answering off the event loop, one per answer mode.

Answering blocks (embedding, retrieval, a language model), so it runs in threads while
the loop keeps accepting requests. Each mode gets a pool sized for its work: extractive
answers are short and CPU-bound (numpy and ONNX release the GIL), so one thread per core;
a local model answers one question at a time whatever the pool, so one thread, and the
others queue instead of holding threads; the openai mode mostly waits on its server, so
more threads than cores.
"""

from __future__ import annotations

import asyncio
import os
import threading
from collections.abc import AsyncGenerator, Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Generic, TypeVar

from jrqa.settings import AnswerMode

T = TypeVar("T")

_WAITING_THREADS_PER_CORE = 4


def threads_for_mode(mode: AnswerMode, configured: int | None, cores: int) -> int:
    """How many answers of ``mode`` run at once."""
    per_core = configured or cores
    if mode == "local":
        return 1
    if mode == "openai":
        return per_core * _WAITING_THREADS_PER_CORE
    return per_core


@dataclass(frozen=True)
class _Arrival(Generic[T]):
    """What the producing thread hands the loop: an item, the end, or its error."""

    item: T | None = None
    ended: bool = False
    error: Exception | None = None


class ModePools:
    """One thread pool per answer mode, created on first use.

    Args:
        configured: threads for extractive answers (``JRQA_SERVE_THREADS``); None: cores.
        cores: CPU cores to size pools by; None: ``os.cpu_count()``.
    """

    def __init__(self, configured: int | None = None, cores: int | None = None) -> None:
        self.configured = configured
        self.cores = cores or os.cpu_count() or 1
        self._pools: dict[AnswerMode, ThreadPoolExecutor] = {}
        self._lock = threading.Lock()

    def pool(self, mode: AnswerMode) -> ThreadPoolExecutor:
        """The pool that answers in ``mode``."""
        with self._lock:
            pool = self._pools.get(mode)
            if pool is None:
                size = threads_for_mode(mode, self.configured, self.cores)
                pool = ThreadPoolExecutor(size, thread_name_prefix=f"jrqa-{mode}")
                self._pools[mode] = pool
            return pool

    async def run(self, mode: AnswerMode, work: Callable[[], T]) -> T:
        """``work()`` in the mode's pool, awaited without blocking the loop."""
        return await asyncio.get_running_loop().run_in_executor(self.pool(mode), work)

    async def iterate(
        self, mode: AnswerMode, produce: Callable[[], Iterator[T]]
    ) -> AsyncGenerator[T, None]:
        """The items of ``produce()``, computed in one thread of the mode's pool.

        The whole iteration holds one thread (a language model's generation must not be
        interleaved with another's); if the consumer stops early, the producer is closed
        at its next item.
        """
        loop = asyncio.get_running_loop()
        arrived: asyncio.Queue[_Arrival[T]] = asyncio.Queue()
        stopped = threading.Event()

        def pump() -> None:
            iterator = produce()
            try:
                for item in iterator:
                    loop.call_soon_threadsafe(arrived.put_nowait, _Arrival(item))
                    if stopped.is_set():
                        break
                loop.call_soon_threadsafe(arrived.put_nowait, _Arrival(ended=True))
            except Exception as error:  # handed to the consumer, which re-raises it
                loop.call_soon_threadsafe(arrived.put_nowait, _Arrival(error=error))
            finally:
                close = getattr(iterator, "close", None)
                if callable(close):
                    close()

        loop.run_in_executor(self.pool(mode), pump)
        try:
            while True:
                arrival = await arrived.get()
                if arrival.error is not None:
                    raise arrival.error
                if arrival.ended:
                    return
                yield arrival.item  # type: ignore[misc]  # neither ended nor failed
        finally:
            stopped.set()

    def close(self) -> None:
        """Stop every pool, letting running answers finish."""
        with self._lock:
            pools, self._pools = list(self._pools.values()), {}
        for pool in pools:
            pool.shutdown(wait=False, cancel_futures=True)
