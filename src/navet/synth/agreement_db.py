"""Documented agreements (dokumenterade överenskommelser) for the generated county (--database):
part 9 of issue "Coordinated care", so the demo county has agreements beside its SIPs.

Who gets one: a person whose named care contact is in force on the end date, with probability
`AGREEMENT_SHARE` (older people with home care or a chronic condition more often). The rate is an
assumption, marked [unverified] in docs/synth.md: the research notes give no figure for how many
people with a named care contact have a documented agreement. Each agreement is written by the
named care contact, at the contact's unit, some weeks after the contact was appointed; it has one
version (what happens, when, whom to contact, what the person and care do, the next agreed time
a few weeks after the end date, self-care advice) and, for about half, a self-care assessment
(egenvårdsbedömning) of the person's medicines.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from navet.organisation.models import CareUnit
from navet.plans.models import AgreementVersion, DocumentedAgreement, SelfCareAssessment
from navet.residents.models import Person
from navet.synth.db_rows import days, ints, moments, strings
from navet.synth.listing import ROLES
from navet.synth.rng import stream
from navet.synth.tables import source_ids
from navet.synth.timeutil import DAY, HOUR, NEVER

AGREEMENT_SHARE = {"needs": 0.5, "other": 0.25}  # [unverified], see the module docstring
ASSESSMENT_SHARE = 0.5
PERFORMERS = ("person", "relatives", "municipal_staff")
PERFORMER_WEIGHTS = (0.45, 0.35, 0.2)

CONTENT = {
    "what_happens": "Regelbunden uppföljning av blodtryck, vikt och läkemedel.",
    "when": "Var fjärde vecka på vårdcentralen eller i hemmet.",
    "whom_to_contact": "Din fasta vårdkontakt via vårdcentralens telefon; kvällar och helger 1177.",
    "person_does": "Väger dig en gång i veckan och skriver upp vikten.",
    "care_does": "Går igenom värdena, ser över läkemedlen och ringer om något behöver ändras.",
    "self_care_advice": (
        "Ta tabletterna på morgonen. Ring om du går upp mer än två kilo på en vecka."
    ),
}
MODELS = (DocumentedAgreement, AgreementVersion, SelfCareAssessment)


def _names(g) -> np.ndarray:
    staff = g.staffing.staff
    return np.char.add(
        np.char.add(staff["given_name"].astype(str), " "), staff["family_name"].astype(str)
    )


def agreement_rows(g, loader) -> tuple[dict, dict, dict]:
    """Column dicts for MODELS, in that order."""
    rng = stream(g.params.seed, g.params.county_code, "agreements")
    nc, persons, end = g.named, g.persons, g.window.end
    care = np.flatnonzero(
        (nc["role"] == ROLES.index("named_care_contact"))
        & (nc["valid_from"] <= end)
        & ((nc["valid_to"] >= end) | (nc["valid_to"] >= NEVER))
    )
    who = nc["person"][care]
    needs = persons["chronic"][who] | (persons["home_care_day"][who] != NEVER)
    share = np.where(needs, AGREEMENT_SHARE["needs"], AGREEMENT_SHARE["other"])
    rows = care[rng.random(len(care)) < share]
    n = len(rows)
    made = np.minimum(nc["valid_from"][rows] + rng.integers(7, 60, n), end)
    next_time = (end + rng.integers(7, 42, n)) * DAY + 10 * HOUR
    author = _names(g)[nc["staff"][rows]]
    agreement_id = loader.reserve(DocumentedAgreement, n) + np.arange(n)
    agreements = {
        "id": ints(agreement_id),
        "key": source_ids(g.params.county_code, "da", n),
        "person_id": ints(loader.base[Person] + nc["person"][rows]),
        "plan_id": pa.nulls(n, pa.int64()),
        "unit_id": ints(loader.base[CareUnit] + nc["unit"][rows]),
        "care_contact_name": strings(author),
        "created_by_name": strings(author),
        "created_at": moments(made * DAY + 13 * HOUR),
        "version": ints(np.ones(n)),
        "next_agreed_at": moments(next_time),
        "ended_at": moments(np.zeros(n), np.ones(n, bool)),
        "ended_by_name": strings([""] * n),
        "end_reason": strings([""] * n),
    }
    versions = {
        "id": ints(loader.reserve(AgreementVersion, n) + np.arange(n)),
        "key": source_ids(g.params.county_code, "dav", n),
        "agreement_id": ints(agreement_id),
        "number": ints(np.ones(n)),
        "author_name": strings(author),
        "created_at": moments(made * DAY + 13 * HOUR),
        **{field: strings([text] * n) for field, text in CONTENT.items()},
        "next_agreed_at": moments(next_time),
    }
    assessed = np.flatnonzero(rng.random(n) < ASSESSMENT_SHARE)
    m = len(assessed)
    performer = rng.choice(len(PERFORMERS), size=m, p=PERFORMER_WEIGHTS)
    assessments = {
        "id": ints(loader.reserve(SelfCareAssessment, m) + np.arange(m)),
        "key": source_ids(g.params.county_code, "dsa", m),
        "agreement_id": ints(agreement_id[assessed]),
        "measure": strings(["Läkemedelshantering (dosett)"] * m),
        "performer": strings(np.array(PERFORMERS)[performer]),
        "reasoning": strings(["Bedömd vid hembesök tillsammans med personen."] * m),
        "assessed_by_name": strings(author[assessed]),
        "assessed_on": days(made[assessed]),
        "review_on": days(made[assessed] + 180),
        "recorded_at": moments(made[assessed] * DAY + 14 * HOUR),
    }
    return agreements, versions, assessments
