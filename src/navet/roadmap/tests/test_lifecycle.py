"""The lifecycle of a version: draft → consultation with recorded comments → adopted by a forum →
yearly revision as a new version; earlier versions kept and comparable."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from navet.roadmap import services
from navet.roadmap.compare import compare
from navet.roadmap.errors import RoadmapError, StaleEdit
from navet.roadmap.models import ActivityStatus, RoadmapVersion, Target, VersionStatus

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def consult_and_adopt(version, forum, *, on=None):
    version = services.open_consultation(
        user=None,
        version_id=version.pk,
        lock_version=version.lock_version,
        opens_on=date(2026, 3, 1),
        closes_on=date(2026, 4, 30),
    )
    return services.adopt(
        user=None,
        version_id=version.pk,
        lock_version=version.lock_version,
        forum_id=forum.pk,
        adopted_on=on or TODAY(),
    )


def test_draft_consultation_comments_adoption(vastmanland, small_county):
    roadmap = vastmanland
    first = roadmap.versions.get()
    draft = services.start_revision(user=None, roadmap_id=roadmap.pk, change_summary="Årlig")
    assert (draft.number, draft.status, draft.based_on) == (2, VersionStatus.DRAFT, first)
    # Starting again gives the same draft: one open revision at a time.
    assert services.start_revision(user=None, roadmap_id=roadmap.pk).pk == draft.pk

    with pytest.raises(RoadmapError, match="skicka utkastet på remiss först"):
        services.adopt(
            user=None,
            version_id=draft.pk,
            lock_version=draft.lock_version,
            forum_id=roadmap.forums.first().pk,
            adopted_on=TODAY(),
        )
    draft = services.open_consultation(
        user=None,
        version_id=draft.pk,
        lock_version=draft.lock_version,
        opens_on=TODAY() - timedelta(days=30),
        closes_on=TODAY(),
    )
    assert draft.status == VersionStatus.CONSULTATION
    sala = small_county.principals["sala"]
    comment = services.record_comment(
        user=None,
        version_id=draft.pk,
        request_key="k1",
        principal_id=sala.pk,
        text="Sala vill att mobila teamet får en egen aktivitet.",
        received_on=TODAY(),
        submitted_by="Vård- och omsorgsnämnden",
        area_id=draft.areas.first().pk,
    )
    again = services.record_comment(
        user=None,
        version_id=draft.pk,
        request_key="k1",
        principal_id=sala.pk,
        text="dubbelklick",
        received_on=TODAY(),
    )
    assert again.pk == comment.pk and draft.comments.count() == 1
    with pytest.raises(StaleEdit):
        services.adopt(
            user=None,
            version_id=draft.pk,
            lock_version=draft.lock_version - 1,
            forum_id=roadmap.forums.first().pk,
            adopted_on=TODAY(),
        )
    group = roadmap.forums.get(key="ledningsgrupp")
    adopted = services.adopt(
        user=None,
        version_id=draft.pk,
        lock_version=draft.lock_version,
        forum_id=group.pk,
        adopted_on=TODAY(),
    )
    assert (adopted.status, adopted.adopted_by) == (VersionStatus.ADOPTED, group)
    first.refresh_from_db()
    assert first.status == VersionStatus.SUPERSEDED  # kept, not deleted
    assert services.current_version(roadmap) == adopted
    # The comment stays with the version it was given on.
    assert adopted.comments.get().principal == sala


def test_comments_only_during_consultation_and_from_participating_principals(vastmanland):
    version = vastmanland.versions.get()  # adopted
    with pytest.raises(RoadmapError, match="ute på remiss"):
        services.record_comment(
            user=None,
            version_id=version.pk,
            request_key="k",
            principal_id=vastmanland.principals.first().pk,
            text="x",
            received_on=TODAY(),
        )


def test_a_revision_copies_the_content_and_can_be_compared(vastmanland):
    first = vastmanland.versions.get()
    draft = services.start_revision(user=None, roadmap_id=vastmanland.pk)
    assert draft.areas.count() == first.areas.count()
    assert draft.activities.count() == first.activities.count()
    sala = draft.activities.get(key="mobilitet-nod-sala")
    assert {s.name for s in sala.subareas.all()} == {"Nod Sala"}
    assert compare(first, draft).identical

    services.save_activity(
        user=None,
        version_id=draft.pk,
        activity_id=sala.pk,
        lock_version=sala.lock_version,
        fields=services.ActivityFields(
            area_id=sala.area_id,
            title="Utökad mobilitet, Nod Sala – etapp 2",
            starts_on=date(2026, 1, 1),
            ends_on=date(2026, 12, 31),
            subarea_ids=tuple(sala.subareas.values_list("pk", flat=True)),
        ),
    )
    services.save_activity(
        user=None,
        version_id=draft.pk,
        request_key="new-1",
        fields=services.ActivityFields(area_id=draft.areas.last().pk, title="Hälsosamtal 70 år"),
    )
    draft.activities.get(key="seminarium-mobilitet").delete()
    services.add_target(
        user=None,
        version_id=draft.pk,
        request_key="t-1",
        fields=services.TargetFields(
            indicator_id="named_doctor_coverage_population",
            target_value=Decimal("60"),
            target_year=2027,
        ),
    )
    diff = compare(first, draft)
    activities = next(s for s in diff.sections if s.label == "Aktiviteter")
    assert [a.title for a in activities.added] == ["Hälsosamtal 70 år"]
    assert [a.title for a in activities.removed] == ["Seminarium om utökad mobilitet"]
    changed = {c.field: (c.before, c.after) for c in activities.changed[0].changes}
    assert changed["Rubrik"] == (
        "Utökad mobilitet, Nod Sala",
        "Utökad mobilitet, Nod Sala – etapp 2",
    )
    assert changed["Slut"] == ("–", "2026-12-31")
    targets = next(s for s in diff.sections if s.label == "Målindikatorer")
    assert [t.title for t in targets.added] == ["Andel invånare med fast läkarkontakt"]
    # The earlier version is untouched.
    assert first.activities.filter(key="seminarium-mobilitet").exists()
    assert first.activities.get(key="mobilitet-nod-sala").title == "Utökad mobilitet, Nod Sala"


def test_only_a_draft_can_be_edited(vastmanland):
    adopted = vastmanland.versions.get()
    activity = adopted.activities.first()
    with pytest.raises(RoadmapError, match="starta en revidering"):
        services.save_activity(
            user=None,
            version_id=adopted.pk,
            activity_id=activity.pk,
            lock_version=activity.lock_version,
            fields=services.ActivityFields(area_id=activity.area_id, title="Nytt namn"),
        )


def test_an_activity_ending_before_it_starts_is_refused(vastmanland):
    draft = services.start_revision(user=None, roadmap_id=vastmanland.pk)
    with pytest.raises(RoadmapError, match="slutdatum är före startdatumet"):
        services.save_activity(
            user=None,
            version_id=draft.pk,
            request_key="x",
            fields=services.ActivityFields(
                area_id=draft.areas.first().pk,
                title="Baklänges",
                starts_on=date(2026, 6, 1),
                ends_on=date(2026, 5, 1),
            ),
        )


def test_a_double_submitted_activity_is_created_once(vastmanland):
    draft = services.start_revision(user=None, roadmap_id=vastmanland.pk)
    fields = services.ActivityFields(area_id=draft.areas.first().pk, title="Ny aktivitet")
    one = services.save_activity(user=None, version_id=draft.pk, request_key="r", fields=fields)
    two = services.save_activity(user=None, version_id=draft.pk, request_key="r", fields=fields)
    assert one.pk == two.pk and draft.activities.filter(title="Ny aktivitet").count() == 1


def test_adopting_a_revision_carries_the_latest_status(vasternorrland):
    first = vasternorrland.versions.get()
    halsam = vasternorrland.forums.get(key="halsam")
    draft = services.start_revision(user=None, roadmap_id=vasternorrland.pk)
    # Follow-up goes on in the adopted version while the revision is drafted.
    activity = first.activities.get(key="barnsakert")
    services.record_follow_up(
        user=None,
        activity_id=activity.pk,
        lock_version=activity.lock_version,
        request_key="f",
        status=ActivityStatus.DONE,
        judgement="green",
    )
    second = consult_and_adopt(draft, halsam)
    assert second.activities.get(key="barnsakert").status == ActivityStatus.DONE
    assert RoadmapVersion.objects.get(pk=first.pk).status == VersionStatus.SUPERSEDED


def test_manual_values_are_recorded_once_and_not_in_the_future(vasterbotten_like):
    target = vasterbotten_like
    value = services.add_target_value(
        user=None,
        target_id=target.pk,
        request_key="v",
        period_label="2025",
        period_end=date(2025, 12, 31),
        value=Decimal("78"),
    )
    services.add_target_value(
        user=None,
        target_id=target.pk,
        request_key="v",
        period_label="2025",
        period_end=date(2025, 12, 31),
        value=Decimal("78"),
    )
    assert target.values.filter(pk=value.pk).count() == 1 and target.values.count() == 1
    with pytest.raises(RoadmapError, match="inte tagit slut"):
        services.add_target_value(
            user=None,
            target_id=target.pk,
            request_key="w",
            period_label="nästa år",
            period_end=TODAY() + timedelta(days=400),
            value=Decimal("1"),
        )


@pytest.fixture
def vasterbotten_like(vastmanland):
    version = vastmanland.versions.get()
    return Target.objects.create(
        roadmap_version=version, key="telefon", name="Telefontillgänglighet", unit="percent"
    )
