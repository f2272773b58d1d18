"""Avoidable inpatient care (påverkbar/undvikbar slutenvård, ACSC), research §2.2.

Care episodes (transfers merged) admitted within the period whose main diagnosis is on the
ACSC code list, per 100 000 residents on the period end. The code list is the unverified
Öppna jämförelser basket from research §2.2, held as configuration. Two rules of the original
list cannot be applied to a snapshot without procedures or secondary diagnoses: the exclusion of
cardiac procedures, and J20 (acute bronchitis) counted only with a COPD secondary diagnosis
(so J20 is left out). Convulsions/epilepsy (G40, G41, R56, O15) is in the UK basket but its
place in the Swedish list is unverified, so it is off by default.
"""

from __future__ import annotations

import ibis

from navet.followup.indicators import care_episodes
from navet.followup.indicators.common import between_days, records
from navet.followup.inputs import aged, birthday
from navet.followup.registry import Parameter, Subjects, Unit, register

# ICD-10-SE prefixes without dots; a diagnosis matches when its dotless code starts with one.
ACSC_CODES = (
    "D501", "D508", "D509",  # anaemia
    "J45", "J46",  # asthma
    *[f"{block}{digit}" for block in ("E10", "E11", "E13", "E14") for digit in range(9)],
    "I110", "I50", "J81",  # heart failure
    "I10", "I119",  # hypertension
    "I20", "I240", "I248", "I249",  # angina
    "J41", "J42", "J43", "J44", "J47",  # COPD
    *[f"K{n}{d}" for n in (25, 26, 27, 28) for d in (0, 1, 2, 4, 5, 6)],  # bleeding ulcer
    "E86", "K522", "K528", "K529",  # dehydration, gastroenteritis
    "H66", "H67", "J02", "J03", "J06", "J312",  # ear, nose, throat
    "N10", "N11", "N12", "N136", "N159",  # pyelonephritis
)  # fmt: skip
CONVULSION_CODES = ("G40", "G41", "R56", "O15")


def normalised(code: ibis.Value) -> ibis.Value:
    return code.upper().replace(".", "").replace(" ", "")


def is_listed(code: ibis.Value, prefixes) -> ibis.Value:
    """Whether `code` starts with one of `prefixes`: per prefix length, whether the code's
    first that many characters are in the list (one hash lookup per length instead of a
    starts-with test per prefix, which engines evaluate one by one)."""
    lengths = sorted({len(prefix) for prefix in prefixes})
    result = ibis.literal(False)
    for length in lengths:
        same = sorted({prefix for prefix in prefixes if len(prefix) == length})
        result |= code.substr(0, length).isin(same)
    return result


def _build(inputs, period, params) -> ibis.Table:
    codes = tuple(params["codes"]) + (CONVULSION_CODES if params["include_convulsions"] else ())
    stays = care_episodes.care_episodes(inputs, params)
    stays = stays.filter(
        between_days(stays.adm_day, period),
        stays.admission_type.isin(list(params["admission_types"])),
        stays.care_type.isin(list(params["care_types"])),
    )
    stays = stays.filter(is_listed(normalised(stays.main_diagnosis), codes))
    stays = inputs.at_event(stays, "adm_day", listing=True)
    stays = stays.filter(stays.adm_day >= birthday(stays.birth_date, params["age_min"]))
    numerator = records(stays, num=1, den=0, subject=stays.pid, unit=stays.listed_unit)
    people = inputs.people_on(period.last_day)
    residents = people.filter(
        people.alive,
        people.municipality.notnull(),
        aged(people.birth_date, params["age_min"], period.last_day),
    )
    population = records(residents, num=0, den=1, subject=residents.pid, unit=residents.unit)
    return ibis.union(numerator, population)


register(
    id="avoidable_inpatient_care",
    name="Påverkbar slutenvård per 100 000 invånare",
    definition=(
        "Antal vårdepisoder under perioden där huvuddiagnosen hör till de tillstånd som god "
        "öppen vård bedöms kunna förebygga (bland annat hjärtsvikt, KOL, diabetes, astma), per "
        "100 000 invånare periodens sista dag. Kodlistan är inte verifierad mot Socialstyrelsens "
        "bilaga. Per vårdcentral räknas de som är listade där."
    ),
    numerator="Vårdepisoder med huvuddiagnos på kodlistan, inskrivna under perioden.",
    denominator="Invånare periodens sista dag.",
    unit=Unit.RATE,
    scale=100_000,
    build=_build,
    family="avoidable",
    source="research/indicators.md §2.2 (kodlistan overifierad); Öppna jämförelser",
    parameters=(
        Parameter("codes", ACSC_CODES, "ICD-10-SE-koder (prefix utan punkt) som räknas."),
        Parameter(
            "include_convulsions", False, "Räkna även epilepsi/kramper (G40, G41, R56, O15)."
        ),
        Parameter("admission_types", ("acute", "planned"), "Inskrivningssätt som räknas."),
        Parameter("care_types", ("somatic",), "Vårdtyper som räknas."),
        Parameter("age_min", 0, "Lägsta ålder (0 = alla åldrar)."),
        *care_episodes.PARAMETERS,
    ),
    tables=("episodes", "persons", "listings"),
    unit_kinds=("health_centre",),
    numerator_subjects=Subjects.DISTINCT,  # episodes; the population is one row a person
    suppress_on=("numerator", "denominator"),
    unverified=True,
)
