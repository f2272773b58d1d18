"""Compare two versions of a plan (or the saved version and a conflicting edit), field by
field, in the words of the form."""

from __future__ import annotations

from dataclasses import dataclass

from navet.organisation.models import Principal

LABELS = [
    ("what_matters", "Vad är viktigt för dig?"),
    ("interventions", "Insatser och ansvarig huvudman"),
    ("others_measures", "Åtgärder av andra än huvudmännen"),
    ("lead_principal_id", "Huvudman med övergripande ansvar"),
    ("contacts", "Kontaktpersoner per organisation"),
    ("own_actions", "Det personen och närstående gör själva"),
    ("follow_up_date", "Uppföljning"),
]


@dataclass(frozen=True)
class Row:
    label: str
    before: str
    after: str

    @property
    def changed(self) -> bool:
        return self.before != self.after


def _text(name: str, value, principals: dict) -> str:
    if name == "interventions":
        return "\n".join(
            f"{row.get('what', '')} – {principals.get(row.get('principal_id'), 'ansvarig saknas')}"
            for row in value or []
        )
    if name == "lead_principal_id":
        return principals.get(value, "")
    if value is None:
        return ""
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def compare_contents(before: dict, after: dict) -> list[Row]:
    principals = dict(Principal.objects.values_list("pk", "name"))
    return [
        Row(
            label,
            _text(name, before.get(name), principals),
            _text(name, after.get(name), principals),
        )
        for name, label in LABELS
    ]


def compare(a, b) -> list[Row]:
    from navet.plans.services import content_of

    return compare_contents(content_of(a), content_of(b))
