"""`./navet demo` and the dashboards: one indicator run queued on the first start, a worker
process that stops when the demo stops."""

import subprocess
import sys

import pytest

from navet.devtools import demo
from navet.followup import runs
from navet.followup.models import IndicatorRun, RunStatus, RunTrigger
from navet.followup.tests.stored import stored_run

pytestmark = pytest.mark.django_db


def test_the_first_start_queues_one_run_and_later_starts_none():
    demo._queue_first_indicator_run(serving=True)
    demo._queue_first_indicator_run(serving=True)  # a second start while it waits
    run = IndicatorRun.objects.get()
    assert run.trigger == RunTrigger.DEMO and run.status == RunStatus.QUEUED and run.task_id


def test_no_run_is_queued_when_there_are_results():
    stored_run()
    demo._queue_first_indicator_run(serving=False)
    assert not IndicatorRun.objects.filter(status=RunStatus.QUEUED).exists()
    assert runs.latest_run() is not None


def test_stop_worker_ends_a_child_that_ignores_the_first_signal():
    stubborn = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import signal, time\n"
            "again = lambda *a: signal.signal(signal.SIGTERM, signal.SIG_DFL)\n"
            "signal.signal(signal.SIGTERM, again)\n"
            "print('ready', flush=True)\n"
            "time.sleep(60)",
        ],
        stdout=subprocess.PIPE,
    )
    assert stubborn.stdout.readline() == b"ready\n"
    demo.stop_worker(stubborn)
    assert stubborn.returncode is not None


@pytest.mark.django_db
def test_the_demo_timers_run_what_cron_runs_in_production(small_county):
    """The demo's timer runs the SIP reminders and both escalations; each runs on an empty
    county without error and reports what it did."""
    from navet.devtools.demo import _periodic_jobs

    jobs = dict(_periodic_jobs())
    assert set(jobs) == {
        "SIP-påminnelserna",
        "eskaleringen av inkorgen",
        "eskaleringen av konsultationer",
    }
    assert jobs["eskaleringen av inkorgen"]() == 0
    assert jobs["eskaleringen av konsultationer"]() == 0
