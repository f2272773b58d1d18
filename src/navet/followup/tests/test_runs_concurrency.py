"""Two "start" requests at the same moment start exactly one run (PostgreSQL, real threads)."""

import threading

import pytest

from navet.followup import runs, tasks
from navet.followup.models import IndicatorRun, RunTrigger

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]


def run_together(function, times: int) -> list:
    barrier = threading.Barrier(times)
    results: list = [None] * times

    def run(i):
        from django.db import connections

        try:
            barrier.wait()
            results[i] = function()
        except Exception as error:  # the outcome is what the test looks at
            results[i] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(times)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return results


def test_a_double_click_starts_one_run_and_enqueues_one_task():
    from django_tasks_db.models import DBTaskResult

    results = run_together(lambda: tasks.start_in_background(trigger=RunTrigger.USER), 4)
    started = [r for r in results if isinstance(r, IndicatorRun)]
    refused = [r for r in results if isinstance(r, runs.RunInProgress)]
    assert len(started) == 1 and len(refused) == 3, results
    assert IndicatorRun.objects.count() == 1
    assert DBTaskResult.objects.count() == 1
    assert DBTaskResult.objects.get().args_kwargs["args"] == [started[0].pk]


def test_the_timer_and_a_click_at_once_start_one_run():
    results = run_together(lambda: runs.request_run(trigger=RunTrigger.COMMAND), 2)
    assert sum(isinstance(r, IndicatorRun) for r in results) == 1, results
    assert sum(isinstance(r, runs.RunInProgress) for r in results) == 1, results
