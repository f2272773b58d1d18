"""The management command: output, exit status, flags."""

import subprocess
import sys
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from navet.activity.models import PhoneCall, Visit
from navet.activity.tests.factories import sample, write_all_csv, write_csv


def run(*args):
    out, err = StringIO(), StringIO()
    call_command("import_activity", *map(str, args), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.mark.django_db
def test_import_prints_a_summary_per_table(world, tmp_path):
    write_all_csv(tmp_path)
    out, _ = run(tmp_path)
    assert "visits (visits.csv): read 4, new 4, unchanged 0\n" in out
    assert "phone_calls (phone_calls.csv): read 3, new 3, unchanged 0\n" in out
    assert "Import complete." in out
    out, _ = run(tmp_path)
    assert "visits (visits.csv): read 4, new 0, unchanged 4\n" in out


@pytest.mark.django_db
def test_update_flag_shows_updated(world, tmp_path):
    write_csv(tmp_path, "visits", sample("visits"))
    run(tmp_path)
    write_csv(tmp_path, "visits", sample("visits", V2={"form": "written"}))
    out, _ = run(tmp_path, "--update")
    assert "visits (visits.csv): read 4, new 0, unchanged 3, updated 1\n" in out
    assert Visit.objects.get(source_id="V2").form == "written"


@pytest.mark.django_db
def test_dry_run_writes_nothing(world, tmp_path):
    write_all_csv(tmp_path)
    out, _ = run(tmp_path, "--dry-run")
    assert "read 4, new 4" in out and "Dry run: nothing was written." in out
    assert Visit.objects.count() == 0


@pytest.mark.django_db
def test_errors_go_to_stderr_and_fail_the_command(world, tmp_path):
    write_csv(tmp_path, "phone_calls", sample("phone_calls", T2={"answered_same_day": "?"}))
    err = StringIO()
    with pytest.raises(CommandError, match=r"1 error\(s\) found; nothing was imported"):
        call_command("import_activity", str(tmp_path), stdout=StringIO(), stderr=err)
    assert 'phone_calls.csv, rad 3, answered_same_day="?": ogiltigt sanningsvärde' in err.getvalue()
    assert PhoneCall.objects.count() == 0


@pytest.mark.django_db
def test_long_error_lists_are_capped(world, tmp_path):
    rows = [
        {**sample("phone_calls")[0], "source_id": f"T{n}", "answered_same_day": "?"}
        for n in range(250)
    ]
    write_csv(tmp_path, "phone_calls", rows)
    err = StringIO()
    with pytest.raises(CommandError, match="250 error"):
        call_command("import_activity", str(tmp_path), stdout=StringIO(), stderr=err)
    lines = err.getvalue().splitlines()
    assert len(lines) == 201
    assert lines[-1] == "… och 50 fel till (visas inte)"


def test_exit_status_is_non_zero(tmp_path):
    completed = subprocess.run(
        [
            sys.executable,
            str(settings.BASE_DIR / "manage.py"),
            "import_activity",
            str(tmp_path / "none"),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode != 0
    assert "katalogen finns inte" in completed.stderr
