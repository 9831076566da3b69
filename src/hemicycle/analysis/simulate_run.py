"""Running a projection in fixed-size chunks: in this process, on local processes, or on Dask.

The simulations are cut into chunks of :data:`CHUNK` draws, and the seed is split with
:meth:`numpy.random.SeedSequence.spawn`, one child per chunk (O'Neill 2015, "PCG: a family of
simple fast space-efficient statistically good algorithms", and numpy's guidance on parallel
random number generation). A chunk's draws depend only on its index, never on which worker
runs it, and every chunk returns integer histograms that are summed: the same seed gives the
same answer on any backend and any number of workers.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from multiprocessing import get_context
from typing import Any

import numpy as np
import numpy.typing as npt

from hemicycle.analysis.simulate_law import LawPlan
from hemicycle.analysis.simulate_models import GivenShares, ShareModel
from hemicycle.errors import DataError

IntArray = npt.NDArray[np.int64]

CHUNK = 4096
"""Draws per chunk: one seed each, and a block small enough to stay in the processor cache."""

Progress = Callable[[int], None]


@dataclass(frozen=True, slots=True, kw_only=True)
class Job:
    """What every chunk needs: the compiled law, the share model, and the blocs to count."""

    plan: LawPlan
    model: ShareModel
    blocs: tuple[tuple[int, ...], ...]

    @property
    def rows(self) -> int:
        """Histograms per chunk: one per party, then one per bloc."""
        return len(self.plan.parties) + len(self.blocs)


@dataclass(frozen=True, slots=True, kw_only=True)
class Task:
    """Consecutive chunks run together: each with its seed, first draw and size."""

    chunks: tuple[tuple[np.random.SeedSequence, int, int], ...]
    model: ShareModel | None = None

    @property
    def size(self) -> int:
        return sum(count for _, _, count in self.chunks)


def _block(job: Job) -> int:
    """Draws allocated together: enough for numpy to pay off, few enough that each working
    array stays under glibc's default mmap threshold (128 KiB), which Dask's worker processes
    pin by setting ``MALLOC_TRIM_THRESHOLD_`` (larger arrays would be mapped and unmapped for
    every block)."""
    cells = len(job.plan.electorate.districts) * len(job.plan.electorate.parties)
    return max(64, min(CHUNK, 8192 // max(1, cells)))


def chunk_seats(job: Job, seed: np.random.SeedSequence, start: int, count: int) -> IntArray:
    """Seats of every party (columns) in each of the ``count`` draws of one chunk."""
    rng = np.random.default_rng(seed)
    national = job.model.draw(rng, start, count)
    size = _block(job)
    parts = [
        job.plan.seats(job.plan.electorate.votes(national[first : first + size]))
        for first in range(0, count, size)
    ]
    return parts[0] if len(parts) == 1 else np.concatenate(parts)


def run_task(job: Job, task: Task) -> IntArray:
    """Histograms (parties then blocs × 0..house size) of the draws of ``task``."""
    if task.model is not None:
        job = Job(plan=job.plan, model=task.model, blocs=job.blocs)
    width = job.plan.house_size + 1
    tally = np.zeros((job.rows, width), dtype=np.int64)
    for seed, start, count in task.chunks:
        seats = chunk_seats(job, seed, start, count)
        columns = [seats[:, i] for i in range(seats.shape[1])]
        columns += [seats[:, list(members)].sum(axis=1) for members in job.blocs]
        for row, column in enumerate(columns):
            tally[row] += np.bincount(column, minlength=width)[:width]
    return tally


def plan_tasks(job: Job, simulations: int, seed: int, pieces: int) -> list[Task]:
    """Chunks with their spawned seeds, grouped into about ``pieces`` tasks.

    The chunks and their seeds depend only on ``simulations`` and ``seed``; ``pieces`` only
    decides how they are grouped for the workers. User-supplied draws are cut to each task's
    span, so that a worker receives only its own rows.
    """
    chunks = math.ceil(simulations / CHUNK)
    children = np.random.SeedSequence(seed).spawn(chunks)
    spans = [(children[i], i * CHUNK, min(CHUNK, simulations - i * CHUNK)) for i in range(chunks)]
    per_task = max(1, math.ceil(chunks / max(1, pieces)))
    tasks = []
    for first in range(0, chunks, per_task):
        group = spans[first : first + per_task]
        model = None
        if isinstance(job.model, GivenShares):
            offset = group[0][1]
            size = sum(count for _, _, count in group)
            model = job.model.window(offset, size)
            group = [(s, start - offset, count) for s, start, count in group]
        tasks.append(Task(chunks=tuple(group), model=model))
    return tasks


def _collect(
    results: Iterator[tuple[Task, IntArray]], job: Job, progress: Progress | None
) -> IntArray:
    total = np.zeros((job.rows, job.plan.house_size + 1), dtype=np.int64)
    for task, tally in results:
        total += tally
        if progress is not None:
            progress(task.size)
    return total


def run_here(job: Job, tasks: Sequence[Task], progress: Progress | None) -> IntArray:
    """Every task in this process, one after the other."""
    return _collect(((task, run_task(job, task)) for task in tasks), job, progress)


def run_processes(
    job: Job, tasks: Sequence[Task], workers: int, progress: Progress | None
) -> IntArray:
    """Tasks on ``workers`` local processes (started fresh, so no lock is inherited)."""
    with ProcessPoolExecutor(max_workers=workers, mp_context=get_context("spawn")) as pool:
        futures = {pool.submit(run_task, job, task): task for task in tasks}
        return _collect(
            ((futures[future], future.result()) for future in as_completed(futures)),
            job,
            progress,
        )


def _distributed() -> Any:
    try:
        import distributed
    except ImportError:  # pragma: no cover - the extra is installed in development
        raise DataError(
            "running on Dask needs the optional extra: pip install 'hemicycle[dask]'"
        ) from None
    module: Any = distributed  # untyped library
    return module


def local_cluster(workers: int) -> Any:
    """A Dask cluster of ``workers`` single-threaded processes on this machine.

    Dask starts its worker processes with ``MALLOC_TRIM_THRESHOLD_`` set, which fixes glibc's
    mmap threshold and makes every large numpy temporary a fresh mapping; measured here it
    slows a projection by half, so these workers start without it.
    """
    import dask

    environ = dict(dask.config.get("distributed.nanny.pre-spawn-environ", default={}))
    environ.pop("MALLOC_TRIM_THRESHOLD_", None)
    with dask.config.set({"distributed.nanny.pre-spawn-environ": environ}):
        return _distributed().LocalCluster(
            n_workers=max(1, workers),
            threads_per_worker=1,
            processes=True,
            dashboard_address=":0",
        )


def dask_client(address: str | Any, workers: int) -> tuple[Any, Callable[[], None]]:
    """A ``distributed.Client`` for ``address`` (``local`` starts a cluster of ``workers``
    processes here), and how to close what was opened."""
    dask = _distributed()
    if not isinstance(address, str):
        return address, lambda: None
    if address == "local":
        cluster = local_cluster(workers)
        client = dask.Client(cluster)

        def close() -> None:
            client.close()
            cluster.close()

        return client, close
    try:
        client = dask.Client(address, timeout="10s")
    except (OSError, TimeoutError) as error:
        raise DataError(f"cannot reach the Dask scheduler at {address!r}: {error}") from None
    return client, client.close


def run_dask(job: Job, tasks: Sequence[Task], client: Any, progress: Progress | None) -> IntArray:
    """Tasks on a Dask cluster through ``client``; the job is sent to every worker once."""
    dask = _distributed()
    shared = client.scatter(job, broadcast=True)
    futures = client.map(run_task, [shared] * len(tasks), list(tasks), pure=False)
    owner = {future.key: task for future, task in zip(futures, tasks, strict=True)}
    done = dask.as_completed(futures, with_results=True)
    return _collect(((owner[f.key], np.asarray(r)) for f, r in done), job, progress)


__all__ = [
    "CHUNK",
    "Job",
    "Task",
    "chunk_seats",
    "dask_client",
    "local_cluster",
    "plan_tasks",
    "run_dask",
    "run_here",
    "run_processes",
    "run_task",
]
