"""Principals, care providers and care units of the synthetic county.

Structure follows the county's real municipalities; the units are fictional. HSA-ids are built
with navet.identifiers.make_hsa_id under SYNTHETIC_ORG_NUMBER from deterministic suffixes
("19VC0003": county, unit-kind code, running number).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from navet.identifiers import SYNTHETIC_ORG_NUMBER, make_hsa_id
from navet.synth import config, names
from navet.synth.geography import County

KIND_CODES = {
    "health_centre": "VC",
    "inpatient_ward": "AVD",
    "emergency_department": "AKM",
    "specialist_clinic": "SPM",
    "home_health_care": "HSV",
    "home_care": "HTJ",
    "nursing_home": "SAB",
    "mobile_team": "MOB",
    "school_health": "ELH",
    "social_services": "BIS",
}
WARD_TYPES = ("medicine", "surgery", "orthopaedics", "geriatrics", "psychiatry")
WARD_PREFIX = {
    "medicine": "Medicinavdelning",
    "surgery": "Kirurgavdelning",
    "orthopaedics": "Ortopedavdelning",
    "geriatrics": "Geriatrisk avdelning",
    "psychiatry": "Psykiatrisk avdelning",
}
WARD_SPECIALTY = {
    "medicine": "internal_medicine",
    "surgery": "surgery",
    "orthopaedics": "orthopaedics",
    "geriatrics": "geriatrics",
    "psychiatry": "psychiatry",
}
# Specialist clinics at the main hospital: name, specialty, visit weight by age band, women only.
CLINICS = (
    ("Medicinmottagningen", "internal_medicine", (0, 1, 2, 2), False),
    ("Hjärtmottagningen", "internal_medicine", (0, 0.6, 2, 2), False),
    ("Lung- och allergimottagningen", "internal_medicine", (0.3, 0.3, 0.7, 0.6), False),
    ("Kirurgmottagningen", "surgery", (0.2, 1, 1.5, 1.2), False),
    ("Ortopedmottagningen", "orthopaedics", (0.6, 1.2, 1.6, 1.4), False),
    ("Kvinnosjukvårdens mottagning", "other", (0.1, 1.6, 0.4, 0.2), True),
    ("Barn- och ungdomsmedicinska mottagningen", "paediatrics", (4, 0, 0, 0), False),
    ("Barn- och ungdomspsykiatriska mottagningen", "psychiatry", (1.2, 0, 0, 0), False),
    ("Psykiatriska öppenvårdsmottagningen", "psychiatry", (0, 1.2, 0.2, 0.1), False),
    ("Ögonmottagningen", "other", (0.5, 0.6, 2.2, 2.8), False),
    ("Öron-, näs- och halsmottagningen", "other", (0.8, 0.6, 0.8, 0.8), False),
    ("Hudmottagningen", "other", (0.3, 0.5, 0.7, 0.6), False),
    ("Neurologmottagningen", "other", (0.1, 0.4, 0.6, 0.5), False),
    ("Geriatriska mottagningen", "geriatrics", (0, 0, 0.3, 1.5), False),
)
REGION_NAMES = {"14": "Västra Götalandsregionen"}


@dataclass
class Organisation:
    principals: list[dict]  # kind, name, municipality (index or None)
    providers: list[dict]  # name, ownership, principal (index)
    hospitals: list[dict]  # name, municipality, main
    hospital_of_municipality: np.ndarray
    units: dict[str, np.ndarray] = field(default_factory=dict)

    @property
    def n_units(self) -> int:
        return len(self.units["hsa_id"])

    def of_kind(self, kind: str) -> np.ndarray:
        return np.flatnonzero(self.units["kind"] == kind)


def region_name(county: County) -> str:
    return REGION_NAMES.get(county.code, "Region " + county.short_name.removesuffix("s"))


def _hospitals(county: County, rng: np.random.Generator) -> tuple[list[dict], np.ndarray]:
    seat = county.seat
    order = np.argsort(-county.real_population, kind="stable")
    towns = [
        int(m)
        for m in order
        if m != seat and county.real_population[m] >= config.SECONDARY_HOSPITAL_MIN_POPULATION
    ]
    towns = towns[: config.MAX_SECONDARY_HOSPITALS]
    hospitals = [
        {
            "name": f"{county.short_name} sjukhus {county.names[m]}",
            "municipality": m,
            "main": m == seat,
        }
        for m in [seat, *towns]
    ]
    town_of = {h["municipality"]: i for i, h in enumerate(hospitals)}
    catchment = np.zeros(county.n, dtype=np.int64)
    weights = np.array([county.real_population[h["municipality"]] for h in hospitals], float)
    for m in range(county.n):
        if m in town_of:
            catchment[m] = town_of[m]
            continue
        same_node = [
            i
            for i, h in enumerate(hospitals)
            if county.subarea[m] and county.subarea[h["municipality"]] == county.subarea[m]
        ]
        if same_node:
            catchment[m] = same_node[0]
        elif county.subareas:
            catchment[m] = 0
        else:
            catchment[m] = int(rng.choice(len(hospitals), p=weights / weights.sum()))
    return hospitals, catchment


class _UnitBuilder:
    def __init__(self, county: County) -> None:
        self.county = county
        self.rows: list[dict] = []
        self.counters: dict[str, int] = {}

    def add(
        self,
        kind: str,
        name: str,
        municipality: int,
        principal: int,
        provider: int,
        capacity: float,
        **extra,
    ) -> None:
        number = self.counters.get(kind, 0) + 1
        self.counters[kind] = number
        suffix = f"{self.county.code}{KIND_CODES[kind]}{number:04d}"
        self.rows.append(
            {
                "hsa_id": make_hsa_id(SYNTHETIC_ORG_NUMBER, suffix),
                "kind": kind,
                "name": name,
                "municipality": municipality,
                "principal": principal,
                "provider": provider,
                "capacity": float(capacity),
                "subarea": extra.pop("subarea", None) or self.county.subarea[municipality],
                **extra,
            }
        )

    def columns(self) -> dict[str, np.ndarray]:
        defaults = {
            "hospital": "",
            "hospital_index": -1,
            "ward_type": "",
            "specialty": "",
            "clinic": -1,
        }
        keys = [
            "hsa_id",
            "kind",
            "name",
            "municipality",
            "principal",
            "provider",
            "capacity",
            "subarea",
            *defaults,
        ]
        out = {}
        for key in keys:
            values = [row.get(key, defaults.get(key)) for row in self.rows]
            out[key] = np.array(
                values,
                dtype=object
                if key
                in ("hsa_id", "kind", "name", "subarea", "hospital", "ward_type", "specialty")
                else None,
            )
        return out


def build_organisation(county: County, rng: np.random.Generator) -> Organisation:
    pop = county.population.astype(float)
    pop65 = pop * county.share_65
    principals = [{"kind": "region", "name": region_name(county), "municipality": None}]
    principals += [
        {"kind": "municipality", "name": f"{n} kommun", "municipality": m}
        for m, n in enumerate(county.names)
    ]
    providers = [{"name": principals[0]["name"], "ownership": "public", "principal": 0}]
    providers += [
        {"name": p["name"], "ownership": "public", "principal": i + 1}
        for i, p in enumerate(principals[1:])
    ]
    hospitals, catchment = _hospitals(county, rng)
    b = _UnitBuilder(county)
    _health_centres(county, rng, b, providers)
    catchment_pop = np.bincount(catchment, weights=pop, minlength=len(hospitals))
    for h, hospital in enumerate(hospitals):
        for ward_type in WARD_TYPES:
            if ward_type == "psychiatry" and not hospital["main"]:
                continue
            served = pop.sum() if ward_type == "psychiatry" else catchment_pop[h]
            beds = served * config.BEDS_PER_1000[ward_type] / 1000 / 0.9
            count = max(1, round(beds / config.BEDS_PER_WARD))
            for k in range(1, count + 1):
                b.add(
                    "inpatient_ward",
                    f"{WARD_PREFIX[ward_type]} {k}, {hospital['name']}",
                    hospital["municipality"],
                    0,
                    0,
                    beds / count,
                    hospital=hospital["name"],
                    hospital_index=h,
                    ward_type=ward_type,
                    specialty=WARD_SPECIALTY[ward_type],
                )
        b.add(
            "emergency_department",
            f"Akutmottagningen, {hospital['name']}",
            hospital["municipality"],
            0,
            0,
            catchment_pop[h] * config.ED_VISITS_PER_1000 / 1000,
            hospital=hospital["name"],
            hospital_index=h,
        )
    main = hospitals[0]
    weights = np.array([sum(c[2]) for c in CLINICS], float)
    for k, (clinic, specialty, _w, _women) in enumerate(CLINICS):
        visits = pop.sum() * config.SPECIALIST_VISITS_PER_YEAR * weights[k] / weights.sum()
        b.add(
            "specialist_clinic",
            f"{clinic}, {main['name']}",
            main["municipality"],
            0,
            0,
            visits,
            hospital=main["name"],
            hospital_index=0,
            specialty=specialty,
            clinic=k,
        )
    _municipal_units(county, rng, b, pop, pop65)
    nodes = county.subareas or (None,)
    for node in nodes:
        members = [m for m in range(county.n) if node is None or county.subarea[m] == node]
        largest = max(members, key=lambda m: county.real_population[m])
        label = node or county.short_name.removesuffix("s")
        b.add(
            "mobile_team",
            f"Mobilt närvårdsteam {label}",
            largest,
            0,
            0,
            pop[members].sum(),
            subarea=node,
        )
    return Organisation(principals, providers, hospitals, catchment, b.columns())


def _health_centres(county: County, rng, b: _UnitBuilder, providers: list[dict]) -> None:
    counts = np.maximum(1, np.round(county.population / config.INHABITANTS_PER_HEALTH_CENTRE))
    counts = counts.astype(int)
    share = config.PRIVATE_HEALTH_CENTRE_SHARE.get(county.code, config.DEFAULT_PRIVATE_SHARE)
    slots = [(m, k) for m in range(county.n) for k in range(counts[m])]
    weights = np.array(
        [
            county.real_population[m]
            * (1.0 if k else 0.3)
            * (k > 0 or county.real_population[m] >= config.SECONDARY_HOSPITAL_MIN_POPULATION)
            for m, k in slots
        ]
    )
    n_private = min(round(share * len(slots)), int((weights > 0).sum()))
    private = set()
    if n_private:
        chosen = rng.choice(len(slots), size=n_private, replace=False, p=weights / weights.sum())
        private = {slots[i] for i in chosen}
    n_brands = min(len(names.PRIVATE_BRANDS), max(1, (n_private + 3) // 4))
    brand_provider = {}
    for brand in names.PRIVATE_BRANDS[:n_brands]:
        brand_provider[brand] = len(providers)
        providers.append({"name": f"{brand} Vård AB", "ownership": "private", "principal": 0})
    for m in range(county.n):
        places = names.district_names(county.codes[m], county.names[m], counts[m])
        for k, place in enumerate(places):
            listed = county.population[m] / counts[m]
            if (m, k) in private:
                brand = names.PRIVATE_BRANDS[int(rng.integers(n_brands))]
                b.add("health_centre", f"{brand} {place}", m, 0, brand_provider[brand], listed)
            else:
                b.add("health_centre", f"Vårdcentralen {place}", m, 0, 0, listed)


def _municipal_units(county: County, rng, b: _UnitBuilder, pop, pop65) -> None:
    for m, muni in enumerate(county.names):
        principal = provider = m + 1
        n_hhc = max(1, round(pop[m] / config.INHABITANTS_PER_HOME_HEALTH_CARE_UNIT))
        for name in names.compass_names(f"Hemsjukvården {muni}", n_hhc):
            b.add("home_health_care", name, m, principal, provider, pop65[m] / n_hhc)
        n_hc = max(1, round(pop[m] / config.INHABITANTS_PER_HOME_CARE_UNIT))
        clients = pop65[m] * 0.11 + pop[m] * 0.003
        for name in names.compass_names(f"Hemtjänst {muni}", n_hc):
            b.add("home_care", name, m, principal, provider, clients / n_hc)
        residents = pop65[m] * 0.045
        n_nh = max(1, round(residents / np.mean(config.NURSING_HOME_PLACES)))
        pool = list(rng.permutation(names.NURSING_HOME_NAMES))
        for k in range(n_nh):
            label = pool[k % len(pool)] + (f" {k // len(pool) + 1}" if k >= len(pool) else "")
            b.add(
                "nursing_home",
                f"Vård- och omsorgsboendet {label}, {muni}",
                m,
                principal,
                provider,
                residents / n_nh,
            )
        b.add("social_services", f"Biståndsenheten {muni}", m, principal, provider, pop65[m] * 0.16)
        b.add("school_health", f"Elevhälsan {muni}", m, principal, provider, pop[m] * 0.13)
