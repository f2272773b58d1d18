"""Test helper for the PostgreSQL concurrency tests of every app."""

from __future__ import annotations

import threading


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
