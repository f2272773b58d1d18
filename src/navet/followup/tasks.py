"""Background tasks (django-tasks): the dashboards' "start" button enqueues a run here and the
worker (`./navet manage db_worker`) computes it."""

from __future__ import annotations

import logging

from django.db import transaction
from django_tasks import task

from navet.followup import runs
from navet.followup.models import IndicatorRun, RunTrigger

logger = logging.getLogger(__name__)


@task()
def compute_indicators(run_id: int) -> dict:
    """Compute a queued run (see runs.execute_run); the task fails when the run fails."""
    run = runs.execute_run(
        run_id, progress=lambda message: logger.info("indicator run %s: %s", run_id, message)
    )
    return {"run": run.pk, "status": run.status, "rows": run.row_count}


def start_in_background(
    *, user=None, trigger: RunTrigger = RunTrigger.USER, options: runs.RunOptions | None = None
) -> IndicatorRun:
    """Request a run and enqueue it, in one transaction: either both are stored or neither.
    Raises runs.RunInProgress when a run is already queued or running."""
    with transaction.atomic():
        run = runs.request_run(trigger=trigger, user=user, options=options)
        result = compute_indicators.enqueue(run.pk)
        run.task_id = str(result.id)[:64]
        run.save(update_fields=["task_id"])
    return run
