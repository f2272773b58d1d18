"""Test helper for the PostgreSQL concurrency tests of every app."""

from __future__ import annotations

import contextlib
import threading

from django.db import connection, transaction


def run_together(*functions):
    """Run the functions in threads (each with its own database connection) released at once;
    returns each one's result or exception."""
    barrier = threading.Barrier(len(functions))
    results: list = [None] * len(functions)

    def run(i, function):
        from django.db import connections

        try:
            barrier.wait()
            results[i] = function()
        except Exception as error:  # the outcome is what the test looks at
            results[i] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, f)) for i, f in enumerate(functions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return results


@contextlib.contextmanager
def while_held(work):
    """Run `work` (which takes locks) in another connection's transaction and keep that open
    while the block runs, in a transaction of its own that gives up on any lock after 2 s: a
    block that waits for `work`'s locks fails with a lock timeout instead of hanging."""
    started, done, failed = threading.Event(), threading.Event(), []

    def hold():
        from django.db import connections

        try:
            with transaction.atomic():
                work()
                started.set()
                done.wait(10)
        except Exception as error:  # shown by the assertion below
            failed.append(error)
            started.set()
        finally:
            connections.close_all()

    holder = threading.Thread(target=hold)
    holder.start()
    try:
        assert started.wait(10) and not failed, failed
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL lock_timeout = '2s'")
            yield
    finally:
        done.set()
        holder.join(10)
