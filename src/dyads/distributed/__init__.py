"""Scheduling backends: they call the same ``process_batch`` as the local runner."""

from dyads.distributed.local import WorkerPool, iter_process_parallel

__all__ = ["WorkerPool", "iter_process_parallel"]
