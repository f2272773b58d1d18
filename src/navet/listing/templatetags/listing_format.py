"""Display helpers for listing and named contacts, in plain Swedish for residents."""

import re

from django import template

register = template.Library()

_GRADES = {"specialist": "Specialist", "st": "ST-läkare", "other": "Läkare"}
_SPECIALTIES = {
    "general_practice": "allmänmedicin",
    "geriatrics": "geriatrik",
    "paediatrics": "barn- och ungdomsmedicin",
}


@register.filter
def staff_title(staff, position: str = "") -> str:
    """A member of staff's title: Specialist i allmänmedicin, ST-läkare i allmänmedicin,
    Distriktssköterska. With "mid", for the middle of a sentence: lower case, but ST stays."""
    if staff.profession == "doctor" and staff.doctor_grade:
        title = _GRADES.get(staff.doctor_grade, "Läkare")
        specialty = _SPECIALTIES.get(staff.specialty, "")
        title = f"{title} i {specialty}" if specialty else title
    else:
        title = staff.get_profession_display()
    if position == "mid" and not title.startswith("ST"):
        title = title[:1].lower() + title[1:]
    return title


@register.filter
def tel(phone: str) -> str:
    """A phone number for a tel: link: digits and a leading +."""
    return re.sub(r"[^\d+]", "", phone or "")
