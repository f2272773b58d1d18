"""The "ready to go home" (hemgångsklar) checklist: which items, and which side answers for
each. Configurable per county; the default is Navet's reading of the regions' routines
(docs/transitions.md §"Planning before discharge").

    NAVET_DISCHARGE_CHECKLIST = {
        "default": [("medication_list", "Läkemedelslista klar", "ward"), …],
        "19": [...],  # a county (länskod) with its own list
    }

The county is the one of the treating ward's municipality (the region that runs the ward, whose
agreement with the municipalities sets the routine). The item `named_care_contact` is ticked by
itself when the person has a named care contact (navet.listing): it is appointed there, not
ticked by hand.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings

from navet.transitions.models_planning import Side

AUTOMATIC = "named_care_contact"

DEFAULT_CHECKLIST = (
    ("medication_list", "Läkemedelslista klar", Side.WARD),
    ("patient_informed", "Patienten och närstående informerade om utskrivningen", Side.WARD),
    ("home_health_informed", "Hemsjukvården informerad", Side.WARD),
    ("home_care_decided", "Hemtjänst beslutad", Side.MUNICIPALITY),
    ("aids_in_place", "Hjälpmedel på plats", Side.MUNICIPALITY),
    (AUTOMATIC, "Fast vårdkontakt utsedd", Side.HEALTH_CENTRE),
    ("sip_need_assessed", "SIP-behov bedömt", Side.HEALTH_CENTRE),
)


@dataclass(frozen=True)
class Item:
    code: str
    label: str
    side: str

    @property
    def side_label(self) -> str:
        return Side(self.side).label


def items_for(county_code: str | None) -> list[Item]:
    configured = getattr(settings, "NAVET_DISCHARGE_CHECKLIST", None) or {}
    rows = configured.get(county_code) or configured.get("default") or DEFAULT_CHECKLIST
    items = [Item(str(code), str(label), Side(side).value) for code, label, side in rows]
    codes = [i.code for i in items]
    if len(set(codes)) != len(codes):
        raise ValueError(f"NAVET_DISCHARGE_CHECKLIST repeats an item code: {codes}")
    return items


def items_of(stay) -> list[Item]:
    return items_for(stay.ward.municipality.county_id)
