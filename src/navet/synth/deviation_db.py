"""The generated deviations (navet.synth.deviations) as `navet.deviations` rows for
`--database`: the deviation, its history (reported, received, closed) and, for one about a
person, the responsible unit's care relationship for the investigation (ended with it). No inbox
items: like the notices, the bulk loader does not fill the units' inboxes (docs/synth.md)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import numpy as np

from navet.synth import deviations as generated
from navet.synth import discharge
from navet.synth.discharge_rows import IMPORTED_BY
from navet.synth.hospital import OPEN
from navet.synth.timeutil import stockholm_to_utc

TEXTS = {
    "medication": "Läkemedelslistan stämde inte med det som skickades med hem.",
    "information": "Uppgifter om insatser och behov kom inte fram till den andra huvudmannen.",
    "discharge": "Utskrivningen skedde utan att planeringen var klar hos mottagande enhet.",
    "fall": "Personen föll i samband med förflyttning; rutinen för fallrisk följdes inte.",
    "care": "Ordinerad behandling utfördes inte enligt plan.",
    "equipment": "Hjälpmedel saknades eller fungerade inte vid hemgång.",
    "conduct": "Personen och närstående upplevde bristande bemötande.",
    "other": "Avvikelse från överenskommen rutin mellan huvudmännen.",
}
MEASURES = "Rutinen har gåtts igenom på arbetsplatsträff; uppföljning om tre månader."
CONCLUSION = "Brist i överföring mellan huvudmännen; rutinen förtydligas."
LABELS = {1: "Vårdtillfälle (syntetiskt)", 2: "SIP (syntetisk)"}
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def _moment(local_seconds: int) -> datetime | None:
    if local_seconds == OPEN:
        return None
    return EPOCH + timedelta(seconds=int(stockholm_to_utc(np.array([local_seconds]))[0]))


def _ids_by_key(model, keys: list[str]) -> dict[str, int]:
    return dict(model.objects.filter(key__in=keys).values_list("key", "id"))


def load(g, loader) -> int:
    """Insert the deviations (after the stays and SIPs are loaded); returns how many."""
    from navet.access.relationships import open_relationship
    from navet.deviations.models import Deviation, DeviationEvent, EventKind
    from navet.deviations.services import RELATIONSHIP_KIND, SOURCE_TYPE
    from navet.organisation.models import CareUnit
    from navet.plans.models import CoordinatedPlan
    from navet.residents.models import Person
    from navet.transitions.models import InpatientStay

    d = generated.generate(g, discharge.generate(g)[0])
    n = len(d["person"])
    if not n:
        return 0
    code = g.params.county_code
    case_keys = [f"synth-{code}-s-{c + 1:09d}" for c in d["case"]]
    pairs = list(zip(case_keys, d["case_kind"], strict=True))
    stay_ids = _ids_by_key(InpatientStay, [key for key, kind in pairs if kind == 1])
    plan_ids = _ids_by_key(CoordinatedPlan, [key for key, kind in pairs if kind == 2])
    person_base, unit_base = loader.base[Person], loader.base[CareUnit]
    rows = []
    for i in range(n):
        kind = int(d["case_kind"][i])
        case_id = (stay_ids if kind == 1 else plan_ids).get(case_keys[i]) if kind else None
        category = generated.CATEGORIES[d["category"][i]]
        closed = _moment(d["closed"][i])
        rows.append(
            Deviation(
                key=f"synth-{code}-d-{i + 1:09d}",
                person_id=person_base + int(d["person"][i]) if d["person"][i] >= 0 else None,
                case_kind=generated.CASE_KINDS[kind] if case_id else "",
                case_id=case_id,
                case_label=LABELS[kind] if case_id else "",
                category=category,
                severity=generated.SEVERITIES[d["severity"][i]],
                occurred_at=_moment(d["occurred"][i]),
                reported_at=_moment(d["reported"][i]),
                reported_by_name=IMPORTED_BY,
                reporting_unit_id=unit_base + int(d["reporter"][i]),
                responsible_unit_id=unit_base + int(d["responsible"][i]),
                description=TEXTS[category],
                escalation="lex_maria" if d["escalated"][i] else "",
                status=generated.STATUSES[d["status"][i]],
                received_at=_moment(d["received"][i]),
                investigation_started_at=_moment(d["received"][i]),
                investigator_name=IMPORTED_BY if d["received"][i] != OPEN else "",
                closed_at=closed,
                closed_by_name=IMPORTED_BY if closed else "",
                measures=MEASURES if closed else "",
                conclusion=CONCLUSION if closed else "",
            )
        )
    Deviation.objects.bulk_create(rows, batch_size=500)
    made = list(
        Deviation.objects.filter(key__startswith=f"synth-{code}-d-")
        .select_related("person", "responsible_unit")
        .order_by("key")
    )
    events = []
    for x in made:
        for kind, at, unit, to_unit in (
            (EventKind.REPORTED, x.reported_at, x.reporting_unit_id, x.responsible_unit_id),
            (EventKind.RECEIVED, x.received_at, x.responsible_unit_id, None),
            (EventKind.CLOSED, x.closed_at, x.responsible_unit_id, None),
        ):
            if at is not None:
                events.append(
                    DeviationEvent(
                        deviation=x,
                        kind=kind,
                        at=at,
                        by_name=IMPORTED_BY,
                        unit_id=unit,
                        to_unit_id=to_unit,
                    )
                )
        if x.person_id:
            open_relationship(
                person=x.person,
                unit=x.responsible_unit,
                kind=RELATIONSHIP_KIND,
                source_type=SOURCE_TYPE,
                source_id=x.pk,
                starts_at=x.reported_at,
                event_ended_at=x.closed_at,
                reason="Utredning av avvikelse",
            )
    DeviationEvent.objects.bulk_create(events, batch_size=1000)
    return len(made)
