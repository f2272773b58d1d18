"""All or nothing: one bad row, or a database failure halfway, leaves Navet as it was."""

import pytest
from django.db import DatabaseError

from navet.activity.importer import import_activity, inserting
from navet.activity.models import CareRequest, EdVisit, PhoneCall, Visit
from navet.activity.tests.factories import P1, P2, VC, sample, write_all_csv, write_csv


def many_visits(count: int) -> list[dict[str, str]]:
    template = sample("visits")[1]
    return [
        {**template, "source_id": f"M{n}", "personal_identity_number": (P1, P2)[n % 2]}
        for n in range(count)
    ]


@pytest.mark.django_db
def test_one_bad_row_among_many_imports_nothing_and_keeps_existing_data(world, tmp_path):
    write_csv(tmp_path, "phone_calls", sample("phone_calls"))
    import_activity(tmp_path)
    existing = list(PhoneCall.objects.values())

    rows = many_visits(3000)
    rows[2500]["visit_date"] = "2025-13-01"
    write_csv(tmp_path, "visits", rows)
    write_csv(
        tmp_path,
        "phone_calls",
        [*sample("phone_calls"), {**sample("phone_calls")[0], "source_id": "T4"}],
    )
    result = import_activity(tmp_path)

    assert [str(i) for i in result.issues] == [
        'visits.csv, rad 2502, visit_date="2025-13-01": ogiltigt datum'
    ]
    assert Visit.objects.count() == 0
    assert list(PhoneCall.objects.values()) == existing


@pytest.mark.django_db(transaction=True)
def test_database_failure_midway_leaves_nothing(world, tmp_path, monkeypatch):
    write_all_csv(tmp_path)
    write_csv(tmp_path, "visits", many_visits(5000))  # several batches before the failure
    original = inserting.insert_rows

    def fail_on_ed_visits(model, attnames, rows):
        if model is EdVisit:
            raise DatabaseError("disk full")
        original(model, attnames, rows)

    monkeypatch.setattr(inserting, "insert_rows", fail_on_ed_visits)
    with pytest.raises(DatabaseError, match="disk full"):
        import_activity(tmp_path)
    assert Visit.objects.count() == EdVisit.objects.count() == 0

    monkeypatch.undo()
    assert import_activity(tmp_path).written
    assert Visit.objects.count() == 5000 and CareRequest.objects.count() == 2


@pytest.mark.django_db
def test_dry_run_reports_errors_too(world, tmp_path):
    write_csv(tmp_path, "phone_calls", sample("phone_calls", T1={"unit_hsa_id": VC + "X"}))
    result = import_activity(tmp_path, dry_run=True)
    assert not result.ok and [i.field for i in result.issues] == ["unit_hsa_id"]
