"""Continuity of care: COC, UPC, MMCI, SECON and the share with COC ≥ 0.7 (research §2.1).

Per person over the look-back window: N visits, nᵢ visits to provider i, M providers.
    COC   = (Σ nᵢ² − N) / (N (N − 1))          Bice–Boxerman
    UPC   = max nᵢ / N                          usual provider of care
    MMCI  = (1 − M/(N + 0.1)) / (1 − 1/(N + 0.1))
    SECON = consecutive visit pairs with the same provider / (N − 1)
Visits are ordered by date and, within a day, by provider, so SECON is the same on every engine.
Persons alive on the period end count, described as on that day (a per-person stock measure
over the window: the listed population's continuity now).
"""

from __future__ import annotations

import ibis

from navet.followup.indicators.common import between_dates, records, window_start
from navet.followup.registry import Parameter, Unit, register

SOURCE = "research/indicators.md §2.1; SKR Primärvårdskvalitet (kontinuitet)"
PARAMETERS = (
    Parameter("window_months", 18, "Besök under så många månader bakåt från periodens slut."),
    Parameter("min_visits", 2, "Personer med minst så många besök räknas (indexen kräver två)."),
    Parameter("profession", "doctor", "Yrkesgrupp vars besök räknas (läkare)."),
    Parameter("care_level", "primary", "Vårdnivå (primärvård)."),
    Parameter(
        "forms",
        ("physical", "home", "phone", "video"),
        "Besöksformer som räknas: fysiska besök, hembesök och distansbesök som ersätter ett "
        "fysiskt besök (inte skriftliga kontakter).",
    ),
)
SHARED = tuple(p.name for p in PARAMETERS)
COMMON = {
    "unit": Unit.MEAN,
    "family": "continuity",
    "source": SOURCE,
    "tables": ("visits", "persons", "listings"),
    "unit_kinds": ("health_centre",),
    "unverified": True,  # window, visit types and minimum visits are not confirmed (§2.1)
    "denominator": (
        "Personer i livet periodens sista dag med minst två läkarbesök i primärvården under "
        "18 månader."
    ),
}


def per_person(inputs, period, params) -> ibis.Table:
    """One row per person with ≥ min_visits visits: N, Σnᵢ², M, max nᵢ, same-provider pairs."""
    key = ("continuity", period, tuple((name, params[name]) for name in SHARED))
    return inputs.shared(key, lambda: _per_person(inputs, period, params))


def _per_person(inputs, period, params) -> ibis.Table:
    v = inputs.table("visits")
    v = v.filter(
        v.profession == params["profession"],
        v.care_level == params["care_level"],
        v.form.isin(list(params["forms"])),
        between_dates(v.visit_date, window_start(period, params["window_months"]), period.end),
    ).select("person_key", "staff_key", "visit_date")
    v = inputs.person_ids(v)  # only persons in `persons` can be alive on the period end
    # Providers as whole numbers in the order of their keys (a thousand or so distinct keys):
    # the window below then sorts and compares integers instead of 23-character strings, and
    # orders ties within a day exactly as the keys would.
    providers = v.select("staff_key").distinct()
    providers = providers.mutate(provider=ibis.dense_rank().over(order_by=providers.staff_key))
    v = v.join(providers, "staff_key").select("pid", "provider", "visit_date")
    previous = v.provider.lag().over(group_by=v.pid, order_by=[v.visit_date, v.provider])
    v = v.mutate(same=(previous == v.provider).fill_null(False).cast("int64"))
    by_provider = v.group_by("pid", "provider").aggregate(n=v.count(), same=v.same.sum())
    per_person = by_provider.group_by("pid").aggregate(
        visits=by_provider.n.sum(),
        squares=(by_provider.n * by_provider.n).sum(),
        providers=by_provider.count(),
        most=by_provider.n.max(),
        same_pairs=by_provider.same.sum(),
    )
    eligible = per_person.filter(per_person.visits >= max(2, params["min_visits"]))
    people = inputs.people_on(period.last_day)
    return eligible.join(people.filter(people.alive), "pid")


def _indices(t: ibis.Table) -> dict[str, ibis.Value]:
    n = t.visits.cast("float64")
    return {
        "coc": (t.squares.cast("float64") - n) / (n * (n - 1)),
        "upc": t.most.cast("float64") / n,
        "mmci": (1 - t.providers.cast("float64") / (n + 0.1)) / (1 - 1 / (n + 0.1)),
        "secon": t.same_pairs.cast("float64") / (n - 1),
    }


def _mean_of(index: str):
    def build(inputs, period, params) -> ibis.Table:
        t = per_person(inputs, period, params)
        return records(t, num=_indices(t)[index], den=1, subject=t.pid, unit=t.unit)

    return build


def _share_at_least(inputs, period, params) -> ibis.Table:
    t = per_person(inputs, period, params)
    reached = (_indices(t)["coc"] >= params["threshold"]).cast("int64")
    return records(t, num=reached, den=1, subject=t.pid, unit=t.unit)


register(
    id="continuity_coc",
    name="Kontinuitetsindex (COC), läkare i primärvården",
    definition=(
        "Medelvärdet av Bice–Boxermans kontinuitetsindex (COC) per person, räknat på läkarbesök "
        "i primärvården under de 18 månader som slutar med periodens sista dag. Indexet är 1 när "
        "alla besök gjorts hos samma läkare och sjunker när besöken sprids på fler läkare."
    ),
    numerator="Summan av personernas COC-index.",
    build=_mean_of("coc"),
    parameters=PARAMETERS,
    **COMMON,
)
register(
    id="continuity_coc_share_0_7",
    name="Andel personer med kontinuitetsindex (COC) minst 0,7",
    definition=(
        "Andelen personer vars COC-index för läkarbesök i primärvården under 18 månader är minst "
        "0,7."
    ),
    numerator="Personer med COC-index ≥ 0,7.",
    build=_share_at_least,
    parameters=(*PARAMETERS, Parameter("threshold", 0.7, "Gräns för COC-index.")),
    **{**COMMON, "unit": Unit.SHARE},
)
register(
    id="continuity_upc",
    name="Andel besök hos den mest besökta läkaren (UPC)",
    definition=(
        "Medelvärdet per person av andelen läkarbesök i primärvården som gjorts hos den läkare "
        "personen träffat mest, under 18 månader."
    ),
    numerator="Summan av personernas UPC-index.",
    build=_mean_of("upc"),
    parameters=PARAMETERS,
    **COMMON,
)
register(
    id="continuity_mmci",
    name="Spridning på läkare (MMCI)",
    definition=(
        "Medelvärdet per person av MMCI, som mäter hur få olika läkare personens läkarbesök i "
        "primärvården fördelats på under 18 månader (1 = en läkare)."
    ),
    numerator="Summan av personernas MMCI-index.",
    build=_mean_of("mmci"),
    parameters=PARAMETERS,
    **COMMON,
)
register(
    id="continuity_secon",
    name="Följdkontinuitet (SECON)",
    definition=(
        "Medelvärdet per person av andelen på varandra följande läkarbesök i primärvården som "
        "gjorts hos samma läkare, under 18 månader."
    ),
    numerator="Summan av personernas SECON-index.",
    build=_mean_of("secon"),
    parameters=PARAMETERS,
    **COMMON,
)
