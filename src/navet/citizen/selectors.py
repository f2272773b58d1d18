"""The person's own access log (loggutdrag, HSLF-FS 2016:40 4 kap. 10 §): which unit read their
data and when, with the purpose, in a form they can judge. Staff names only when local policy
says so (config.citizen_log_shows_names)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone

from navet.access import config
from navet.access.models import AuditAction, AuditEvent
from navet.access.models.audit import PERSONAL_DATA_ACTIONS
from navet.access.purposes import Purpose
from navet.organisation.models import CareProvider
from navet.organisation.roles import Role
from navet.residents.models import Person

CITIZEN_ACTION_LABELS = {
    AuditAction.READ: "Läste dina uppgifter",
    AuditAction.SEARCH: "Sökte fram dig (namn och personnummer visades)",
    AuditAction.CREATE: "Registrerade en uppgift",
    AuditAction.CHANGE: "Ändrade en uppgift",
    AuditAction.PRINT: "Skrev ut dina uppgifter",
    AuditAction.EXPORT: "Tog ut dina uppgifter",
    AuditAction.DISCLOSURE: "Lämnade ut dina uppgifter",
    AuditAction.EMERGENCY_REVEAL: "Nödåtkomst: såg var dina uppgifter finns",
    AuditAction.EMERGENCY_OPEN: "Nödåtkomst: öppnade dina uppgifter",
}


# A guardian's reads and actions on the child's plans, as the child's log says them.
GUARDIAN_LABELS = {
    "guardian_children": "Såg att du har en plan (översikten Mina barn)",
    "guardian_sip": "Läste din plan",
    "guardian_sip_pdf": "Laddade ner din plan",
    "guardian_agreement": "Läste din överenskommelse",
    "guardian_agreement_pdf": "Laddade ner din överenskommelse",
    "sip_reading": "Bekräftade att din plan är läst",
    "inbox_item": "Skrev till din samordnare",
}


@dataclass(frozen=True)
class LogRow:
    when: str
    unit: str
    provider: str
    action: str
    purpose: str
    name: str
    emergency: bool


def own_log(person, *, limit: int | None = 200) -> list[LogRow]:
    """Accesses by others (not the person's own reads), newest first."""
    events = (
        AuditEvent.objects.filter(person_id=person.pk, action__in=sorted(PERSONAL_DATA_ACTIONS))
        .exclude(role="resident", user_id=person.user_id)
        .order_by("-occurred_at", "-id")
    )
    if limit is not None:
        events = events[:limit]
    events = list(events)
    providers = dict(
        CareProvider.objects.filter(
            pk__in={e.care_provider_id for e in events if e.care_provider_id}
        ).values_list("pk", "name")
    )
    # Another resident in the child's log is a guardian: named, since it is the child's parent
    # (or other guardian) and not staff, whatever the staff-name setting says.
    residents = {e.user_id for e in events if e.role == Role.RESIDENT and e.user_id}
    guardian_names = {p.user_id: p.full_name for p in Person.objects.filter(user_id__in=residents)}
    names = config.citizen_log_shows_names()
    purposes = dict(Purpose.choices)
    rows = []
    for e in events:
        guardian = guardian_names.get(e.user_id) if e.role == Role.RESIDENT else None
        action = CITIZEN_ACTION_LABELS.get(e.action, e.get_action_display())
        rows.append(
            LogRow(
                when=timezone.localtime(e.occurred_at).strftime("%Y-%m-%d %H:%M"),
                unit=f"Vårdnadshavare {guardian}" if guardian else e.unit_name or "Okänd enhet",
                provider=providers.get(e.care_provider_id, ""),
                action=GUARDIAN_LABELS.get(e.object_type, action) if guardian else action,
                purpose=purposes.get(e.purpose, e.purpose or "–"),
                name=guardian or (e.username if names else ""),
                emergency=e.action.startswith("emergency"),
            )
        )
    return rows
