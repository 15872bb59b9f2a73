"""Long work started from a page (forecast + plan): run in the background, one at a time.

The page that starts a job gets its number at once and polls ``/jobs/N`` for the step it is
on (the progress steps of the command line, worded in the catalogue); other people's requests
go on meanwhile, each on its own store of the pool. A job started while another runs is not
queued: the person is shown the one running.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from stockpilot.adapters.errorlog import scrub
from stockpilot.adapters.storage.pool import StorePool
from stockpilot.domain.messages import Message
from stockpilot.domain.progress import Progress
from stockpilot.errors import StockPilotError
from stockpilot.services.ports import Storage
from stockpilot.settings import Settings

Work = Callable[[Storage, Settings, Progress], Message]  # (store, settings, progress) -> what it did


@dataclass
class Job:
    """One job: who started it, the step it is on, and how it ended (``result`` or ``error``)."""

    job_id: int
    kind: str
    started_by: str
    started_at: dt.datetime
    step: Message | None = None
    finished_at: dt.datetime | None = None
    result: Message | None = None
    error: Message | None = None

    @property
    def running(self) -> bool:
        return self.finished_at is None

    @property
    def succeeded(self) -> bool:
        """Ended without an error."""
        return not self.running and self.error is None

    def state(self) -> Message:
        """What a person is told of it: the step it is on, what it did, or why it stopped
        (``web.job.*``, the step and the result in the catalogue's words)."""
        if self.running:
            return Message("web.job.running", {"step": self.step or Message("web.job.starting")})
        if self.error is not None:
            return Message("web.job.failed", {"error": self.error})
        return Message("web.job.done", {"result": self.result})


class JobRunner:
    def __init__(self, pool: StorePool, settings: Settings) -> None:
        self.pool, self.settings = pool, settings
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="stockpilot-job")
        self._jobs: dict[int, Job] = {}
        self._guard = threading.Lock()

    def start(self, kind: str, who: str, work: Work) -> Job:
        """Start ``work`` in the background; the job already running, if there is one."""
        with self._guard:
            running = next((job for job in self._jobs.values() if job.running), None)
            if running is not None:
                return running
            job = Job(len(self._jobs) + 1, kind, who, dt.datetime.now())
            self._jobs[job.job_id] = job
        self._executor.submit(self._run, job, work)
        return job

    def job(self, job_id: int) -> Job | None:
        return self._jobs.get(job_id)

    def latest(self) -> Job | None:
        with self._guard:  # not while start adds one
            return self._jobs[max(self._jobs)] if self._jobs else None

    def _run(self, job: Job, work: Work) -> None:
        def progress(step: str, /, **values: object) -> None:
            job.step = Message(f"step_{step}", values)

        try:
            with self.pool.store() as store:
                job.result = work(store, self.settings, progress)
        except StockPilotError as exc:
            job.error = exc.message
        except Exception as exc:  # a bug: the page says so; the words may hold data, so scrubbed
            job.error = Message("web.job.crashed", {"error": f"{type(exc).__name__}: {scrub(str(exc))}"})
        finally:
            job.finished_at = dt.datetime.now()

    def close(self) -> None:
        self._executor.shutdown(wait=True, cancel_futures=True)
