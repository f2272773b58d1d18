"""Stored indicator runs: the lifecycle, one run at a time, a failed run keeping the old results,
and `manage.py compute_indicators`."""

import datetime as dt
import io

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.utils import timezone

from navet.followup import runs
from navet.followup.days import Period
from navet.followup.models import IndicatorResult, IndicatorRun, RunStatus, RunTrigger
from navet.followup.tests.builder import SnapshotBuilder

pytestmark = pytest.mark.django_db

FEW = ("named_doctor_coverage", "phone_answered_same_day")
# Cheap runs (two periods, no months) where the months do not matter.
OPTIONS = runs.RunOptions(period_end=dt.date(2025, 12, 31), only=FEW, months=6, grain="period")
MONTHLY = runs.RunOptions(period_end=dt.date(2025, 12, 31), only=FEW, months=6)


@pytest.fixture
def snapshot(tmp_path):
    b = SnapshotBuilder()
    for key in b.persons("P", 6, birth="1940-01-01"):
        b.listing(key).named_contact(key)
    for key in b.persons("Q", 3, birth="1990-01-01", municipality="1981"):
        b.listing(key, unit="HC2")
    for month in range(1, 13):
        for call in range(6):
            b.phone_call(f"2025-{month:02d}-10 10:0{call}", call != 0)
    return b.write(tmp_path / "snap")


def run_once(snapshot, options=OPTIONS):
    run = runs.request_run(trigger=RunTrigger.COMMAND, options=options)
    return runs.execute_run(run.pk, snapshot_dir=snapshot)


def test_run_periods_end_on_the_day_and_go_back_in_whole_months():
    assert runs.run_periods(dt.date(2025, 12, 31), 12, 2) == [
        Period(dt.date(2024, 1, 1), dt.date(2024, 12, 31)),
        Period(dt.date(2025, 1, 1), dt.date(2025, 12, 31)),
    ]
    assert runs.run_periods(dt.date(2025, 6, 30), 3, 1) == [
        Period(dt.date(2025, 4, 1), dt.date(2025, 6, 30))
    ]


def test_default_period_end_is_last_month_or_the_generated_end(settings):
    settings.NAVET_INDICATORS_TO = ""
    assert runs.default_period_end(dt.date(2026, 3, 15)) == dt.date(2026, 2, 28)
    from navet.synth.models import GeneratedCounty

    GeneratedCounty.objects.create(
        county_code="19",
        seed=1,
        scale=0.1,
        years=3,
        end_date=dt.date(2025, 12, 31),
        persons=1,
        seconds=1.0,
    )
    assert runs.default_period_end(dt.date(2026, 3, 15)) == dt.date(2025, 12, 31)
    settings.NAVET_INDICATORS_TO = "2025-06-30"
    assert runs.default_period_end(dt.date(2026, 3, 15)) == dt.date(2025, 6, 30)


def test_a_run_stores_the_result_table_of_each_period_and_month(snapshot):
    run = run_once(snapshot, MONTHLY)
    assert run.status == RunStatus.SUCCEEDED and run.active is None
    assert run.period_end == dt.date(2025, 12, 31) and run.county_code == "19"
    assert run.labels["municipality"]["1981"] == "Sala" and run.labels["unit"]["HC1"] == "Enhet HC1"
    assert set(run.parameters) == set(FEW)
    rows = IndicatorResult.objects.filter(run=run)
    assert rows.count() == run.row_count > 0
    periods = set(rows.filter(kind="period").values_list("period_start", "period_end"))
    assert periods == {
        (dt.date(2025, 1, 1), dt.date(2025, 6, 30)),
        (dt.date(2025, 7, 1), dt.date(2025, 12, 31)),
    }
    months = set(rows.filter(kind="month").values_list("period_start", flat=True))
    assert len(months) == 12 and min(months) == dt.date(2025, 1, 1)
    calls = rows.get(
        kind="period",
        indicator="phone_answered_same_day",
        level="county",
        breakdown="total",
        period_start=dt.date(2025, 7, 1),
    )
    assert (calls.numerator, calls.denominator) == (30, 36)
    assert calls.value == pytest.approx(30 / 36) and not calls.suppressed
    hidden = rows.filter(suppressed=True).first()
    assert hidden.value is None and hidden.numerator is None and "Dold" in hidden.note
    assert runs.latest_run() == run


def test_only_one_run_at_a_time_and_a_second_start_is_refused(snapshot):
    first = runs.request_run(trigger=RunTrigger.USER, options=OPTIONS)
    with pytest.raises(runs.RunInProgress) as refused:
        runs.request_run(trigger=RunTrigger.COMMAND, options=OPTIONS)
    assert refused.value.active == first
    assert "pågår redan" in str(refused.value)
    runs.execute_run(first.pk, snapshot_dir=snapshot)
    second = runs.request_run(trigger=RunTrigger.COMMAND, options=OPTIONS)  # free again
    assert second.status == RunStatus.QUEUED


def test_a_failed_run_leaves_the_previous_results_in_place(snapshot, tmp_path):
    good = run_once(snapshot)
    before = list(IndicatorResult.objects.filter(run=good).values_list("pk", "value"))

    broken = tmp_path / "broken"
    broken.mkdir()
    run = runs.request_run(trigger=RunTrigger.COMMAND, options=OPTIONS)
    with pytest.raises(Exception, match="manifest"):
        runs.execute_run(run.pk, snapshot_dir=broken)
    run.refresh_from_db()
    assert run.status == RunStatus.FAILED and run.active is None and "manifest" in run.error
    assert not IndicatorResult.objects.filter(run=run).exists()
    assert runs.latest_run() == good
    assert list(IndicatorResult.objects.filter(run=good).values_list("pk", "value")) == before


def test_a_run_that_fails_while_storing_leaves_no_rows(snapshot, monkeypatch):
    good = run_once(snapshot)
    real_store = runs.store

    def store_then_crash(run, table):
        real_store(run, table)
        raise OSError("disken är full")

    monkeypatch.setattr(runs, "store", store_then_crash)
    run = runs.request_run(trigger=RunTrigger.COMMAND, options=OPTIONS)
    with pytest.raises(OSError):
        runs.execute_run(run.pk, snapshot_dir=snapshot)
    run.refresh_from_db()
    assert run.status == RunStatus.FAILED and run.error == "disken är full"
    assert not IndicatorResult.objects.filter(run=run).exists()
    assert runs.latest_run() == good


def test_a_run_stopped_with_its_process_is_failed_and_says_so(snapshot, monkeypatch):
    def stop(*args, **kwargs):
        raise SystemExit(1)  # what db_worker does on a second SIGTERM

    monkeypatch.setattr(runs, "compute", stop)
    run = runs.request_run(trigger=RunTrigger.USER, options=OPTIONS)
    with pytest.raises(SystemExit):
        runs.execute_run(run.pk, snapshot_dir=snapshot)
    run.refresh_from_db()
    assert run.status == RunStatus.FAILED and run.active is None
    assert run.error == "Avbruten: processen stoppades under beräkningen."


def test_a_stale_run_no_longer_blocks(snapshot, settings):
    settings.NAVET_INDICATOR_RUN_TIMEOUT_HOURS = 6
    stuck = runs.request_run(trigger=RunTrigger.USER, options=OPTIONS)
    IndicatorRun.objects.filter(pk=stuck.pk).update(
        status=RunStatus.RUNNING, created_at=timezone.now() - dt.timedelta(hours=7)
    )
    fresh = runs.request_run(trigger=RunTrigger.COMMAND, options=OPTIONS)
    stuck.refresh_from_db()
    assert stuck.status == RunStatus.FAILED and "6 timmar" in stuck.error
    assert fresh.status == RunStatus.QUEUED
    # The worker that took the stuck run cannot bring it back.
    assert runs.execute_run(stuck.pk, snapshot_dir=snapshot).status == RunStatus.FAILED


def test_only_the_latest_successful_runs_keep_their_results(snapshot, settings):
    settings.NAVET_INDICATOR_RUNS_KEPT = 2
    first, second, third = (run_once(snapshot) for _ in range(3))
    assert set(IndicatorRun.objects.values_list("pk", flat=True)) == {second.pk, third.pk}
    assert not IndicatorResult.objects.filter(run_id=first.pk).exists()
    assert runs.latest_run() == third


def test_bad_options_are_refused_before_anything_is_stored():
    for options, message in (
        (runs.RunOptions(months=0), "minst 1"),
        (runs.RunOptions(only=("nope",)), "Okända indikatorer: nope"),
        (runs.RunOptions(overrides={"readmission_30d": {"x": 1}}), "okänd parameter x"),
    ):
        with pytest.raises(ValueError, match=message):
            runs.request_run(trigger=RunTrigger.COMMAND, options=options)
    assert not IndicatorRun.objects.exists()


def _command(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("compute_indicators", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_the_command_computes_and_stores_a_run(snapshot):
    out, err = _command(
        "--snapshot",
        str(snapshot),
        "--to",
        "2025-12-31",
        "--months",
        "6",
        "--grain",
        "period",
        *[f"--indicator={i}" for i in FEW],
    )
    run = runs.latest_run()
    assert f"Körning {run.pk} klar: {run.row_count} rader för 2 indikatorer" in out
    assert "2025-12-31" in out and "Indikatorer för 2025-07-01 – 2025-12-31" in err
    assert run.trigger == RunTrigger.COMMAND and run.grain == "period"
    assert not IndicatorResult.objects.filter(run=run, kind="month").exists()


def test_the_command_fails_visibly_and_keeps_the_old_results(snapshot, tmp_path):
    good = run_once(snapshot)
    with pytest.raises(CommandError, match=r"misslyckades.*tidigare resultaten"):
        _command("--snapshot", str(tmp_path / "missing"), "--to", "2025-12-31")
    assert runs.latest_run() == good
    assert IndicatorRun.objects.filter(status=RunStatus.FAILED).count() == 1


def test_the_command_refuses_while_a_run_is_active(snapshot):
    runs.request_run(trigger=RunTrigger.USER, options=OPTIONS)
    with pytest.raises(CommandError, match="pågår redan"):
        _command("--snapshot", str(snapshot))


@override_settings(NAVET_INDICATORS_TO="2025-12-31")
def test_the_command_snapshots_the_database_and_logs_the_disclosure(small_county):
    from navet.access.models import AuditAction, AuditEvent

    _command("--months", "1", "--periods", "1", "--indicator", "named_doctor_coverage")
    run = runs.latest_run()
    assert run.status == RunStatus.SUCCEEDED and run.period_end == dt.date(2025, 12, 31)
    assert run.snapshot_source.startswith("navet snapshot database=")
    assert run.labels["municipality"]["1980"] == "Västerås"
    county = IndicatorResult.objects.get(
        run=run, level="county", level_value="19", breakdown="total"
    )
    assert county.status == "ok"
    assert AuditEvent.objects.filter(action=AuditAction.DISCLOSURE, object_type="snapshot").exists()


# The worker closes and reopens its database connection between tasks, as a separate process
# does: that needs real transactions, not the test's wrapping one.
@pytest.mark.django_db(transaction=True)
@override_settings(NAVET_INDICATORS_TO="2025-12-31")
def test_the_background_worker_computes_a_run_started_in_the_ui(small_county, demo_users):
    from django.contrib.auth.models import User

    from navet.followup import tasks

    analyst = User.objects.get(username="analytiker")
    options = runs.RunOptions(only=("named_doctor_coverage",), months=1, periods=1)
    run = tasks.start_in_background(user=analyst, options=options)
    assert run.status == RunStatus.QUEUED and run.task_id
    assert run.started_by == analyst and run.started_by_name == "Anna Analytiker"

    call_command("db_worker", "--batch", "--interval", "0", stdout=io.StringIO())

    run.refresh_from_db()
    assert run.status == RunStatus.SUCCEEDED, run.error
    assert runs.latest_run() == run and run.row_count > 0
