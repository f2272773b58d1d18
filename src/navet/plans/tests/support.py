"""Helpers for the SIP tests."""

from __future__ import annotations

import itertools
from datetime import timedelta

from django.contrib.auth.models import User
from django.utils import timezone

from navet.access.audit import actor_for
from navet.plans import services

_keys = itertools.count(1)


def key() -> str:
    return f"test:{next(_keys)}"


def user(username: str) -> User:
    return User.objects.get(username=username)


def start(person, username="kommunskoterska", need="Många kontakter, behöver samordning."):
    u = user(username)
    return services.initiate(actor=actor_for(u), user=u, person=person, need=need, key=key())


def consent_both_ways(plan, county, username="kommunskoterska", **extra):
    """The region's and the municipality's data may be shared with each other."""
    u = user(username)
    region, municipality = county.providers["region"], county.providers["vasteras"]
    out = []
    for disclosing, recipient in ((region, municipality), (municipality, region)):
        out.append(
            services.record_consent(
                actor=actor_for(u),
                user=u,
                plan=plan,
                key=key(),
                disclosing_provider=disclosing,
                recipient_providers=[recipient],
                given_by=extra.get("given_by", "person"),
                method="in_person",
                valid_to=timezone.localdate() + timedelta(days=365),
                guardian_name=extra.get("guardian_name", ""),
                child_view=extra.get("child_view", ""),
            )
        )
    return out


def complete_content(county) -> dict:
    return {
        "what_matters": "Att kunna bo kvar hemma och gå till affären själv.",
        "interventions": [
            {"what": "Läkemedelsgenomgång", "principal_id": county.principals["region"].pk},
            {
                "what": "Hemtjänst morgon och kväll",
                "principal_id": county.principals["vasteras"].pk,
            },
        ],
        "others_measures": "Dottern Anna handlar en gång i veckan.",
        "lead_principal_id": county.principals["vasteras"].pk,
        "contacts": "Hemsjukvården: Maja Fors. Vårdcentralen: Eva Holm.",
        "own_actions": "Elsa går en promenad varje dag.",
        "follow_up_date": timezone.localdate() + timedelta(days=90),
    }
