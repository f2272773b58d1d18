"""Capacity of named doctors against Socialstyrelsen's guide value (issue 5, part 3), and the
need score that ranks persons without a named doctor (used by the dashboard and by proposals).

- The guide value (riktvärde): persons with the doctor as named doctor per full-time equivalent,
  1 100 per specialist FTE and 550 per ST-doctor FTE by default; a `GuideValue` row overrides it
  for a county and year (`guide_value`).
- `doctor_capacities(unit, on=…)`: per doctor, FTE at the unit, guide capacity (guide value ×
  FTE), named-doctor persons now, and their need-weighted sum.
- `unit_capacity(unit, on=…)`: the unit's figures: coverage, listed per doctor FTE (plain and
  need-weighted), the gap between listed persons and guide capacity.
- `need_scores(unit, on=…) -> {person_id: score}` and `need_profiles` (the score with its
  reasons): age, multimorbidity, visits, home health care and nursing home. Weights in
  `NeedWeights` (documented in docs/listing.md §3; `NAVET_NEED_WEIGHTS` overrides).

Counts only: nothing here decides access. A view that shows persons filters them with
`access.selectors.accessible_persons` and logs them. Every function is a fixed number of queries
whatever the size of the unit.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import Substr

from navet.activity.models import InpatientEpisode, Visit
from navet.listing import config, selectors
from navet.listing.config import NAMED_DOCTOR_GUIDE_LOAD
from navet.listing.models_capacity import GuideValue
from navet.organisation.models import Assignment, CareUnit, DoctorGrade, Staff, UnitKind
from navet.residents.models import HomeCare, LivingSituation, NamedContact, NamedContactRole
from navet.residents.selectors import alive_on, valid_on

# Socialstyrelsen's guide value (riktvärde, GLOSSARY): persons per full-time equivalent; one
# constant for capacity and proposals (listing.config).
DEFAULT_SPECIALIST_PER_FTE = NAMED_DOCTOR_GUIDE_LOAD["specialist"]
DEFAULT_ST_PER_FTE = NAMED_DOCTOR_GUIDE_LOAD["st"]


# --- The guide value ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Guide:
    specialist_per_fte: int
    st_per_fte: int
    source: str  # "default" or "county" (a GuideValue row)

    def per_fte(self, staff: Staff) -> int:
        """ST doctors count with the ST value; specialists and other doctors (equivalent
        competence) with the specialist value."""
        if staff.doctor_grade == DoctorGrade.ST:
            return self.st_per_fte
        return self.specialist_per_fte


def guide_value(unit: CareUnit, *, on: date) -> Guide:
    """The guide value for the unit's county in the year of `on`: the county's row for that
    year if an admin set one, else the latest earlier year's, else the default
    (`NAVET_NAMED_DOCTOR_GUIDE_VALUES`, itself 1 100 / 550 unless set)."""
    row = (
        GuideValue.objects.filter(county_id=unit.municipality.county_id, year__lte=on.year)
        .order_by("-year")
        .first()
    )
    if row is None:
        values = config.guide_values()  # the default, or the installation's setting
        return Guide(values["specialist"], values["st"], "default")
    return Guide(row.specialist_per_fte, row.st_per_fte, "county")


# --- Need ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class NeedWeights:
    """A person's need weight = the weight of their age band + the additions below. An adult of
    working age with no addition weighs 1.0. See docs/listing.md §3 for why these numbers."""

    age_bands: tuple[tuple[int, float], ...] = (  # (from age, weight), ascending
        (0, 0.7),
        (18, 1.0),
        (65, 1.5),
        (75, 2.0),
        (85, 2.5),
    )
    per_diagnosis_chapter: float = 0.25  # per ICD-10 chapter of inpatient care in the window
    max_multimorbidity: float = 1.0
    diagnosis_window_days: int = 3 * 365
    many_visits: int = 6  # primary-care contacts in the visit window …
    many_visits_weight: float = 0.5
    very_many_visits: int = 12
    very_many_visits_weight: float = 1.0
    visit_window_days: int = 365
    home_health_care: float = 0.5  # home visits, municipal home health care or home care
    nursing_home: float = 1.0
    priority_age: int = 75  # "75+" on the dashboard


def need_weights() -> NeedWeights:
    overrides = dict(getattr(settings, "NAVET_NEED_WEIGHTS", {}))
    if "age_bands" in overrides:
        overrides["age_bands"] = tuple(tuple(b) for b in overrides["age_bands"])
    return NeedWeights(**overrides)


@dataclass(frozen=True)
class NeedProfile:
    person_id: int
    age: int
    visits: int  # primary-care contacts in the visit window
    chapters: int  # ICD-10 chapters of inpatient main diagnoses in the diagnosis window
    home_health_care: bool
    nursing_home: bool
    score: float

    def reasons(self, weights: NeedWeights) -> list[str]:
        """Why the person ranks high, in Swedish (for the dashboard)."""
        out = []
        if self.age >= weights.priority_age:
            out.append(f"{self.age} år")
        if self.nursing_home:
            out.append("särskilt boende")
        if self.home_health_care:
            out.append("hemsjukvård eller hemtjänst")
        if self.visits >= weights.many_visits:
            out.append(f"{self.visits} besök senaste året")
        if self.chapters >= 2:
            out.append(f"{self.chapters} diagnosgrupper i slutenvården")
        return out


def _age(birth: date, on: date) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def _score(w: NeedWeights, age, visits, chapters, home, nursing) -> float:
    base = next(weight for start, weight in reversed(w.age_bands) if age >= start)
    extra = min(w.max_multimorbidity, w.per_diagnosis_chapter * chapters)
    if visits >= w.very_many_visits:
        extra += w.very_many_visits_weight
    elif visits >= w.many_visits:
        extra += w.many_visits_weight
    extra += w.home_health_care if home else 0
    extra += w.nursing_home if nursing else 0
    return round(base + extra, 2)


def need_profiles_for(persons: QuerySet, *, on: date) -> dict[int, NeedProfile]:
    """The need profile of each person in `persons` (any queryset of Person): five queries."""
    w = need_weights()
    ids = persons.values("pk")
    births = dict(persons.values_list("pk", "birth_date"))
    since_visits = on - timedelta(days=w.visit_window_days - 1)
    visit_rows = (
        Visit.objects.filter(person_id__in=ids, visit_date__gte=since_visits, visit_date__lte=on)
        .values("person_id")
        .annotate(
            primary=Count("pk", filter=Q(care_level="primary")),
            home=Count("pk", filter=Q(form="home") | Q(unit__kind=UnitKind.HOME_HEALTH_CARE)),
        )
    )
    visits, home = {}, set()
    for row in visit_rows:
        visits[row["person_id"]] = row["primary"]
        if row["home"]:
            home.add(row["person_id"])
    home |= set(
        HomeCare.objects.filter(valid_on(on), person_id__in=ids).values_list("person_id", flat=True)
    )
    nursing = set(
        LivingSituation.objects.filter(
            valid_on(on), kind="nursing_home", person_id__in=ids
        ).values_list("person_id", flat=True)
    )
    since_diagnoses = on - timedelta(days=w.diagnosis_window_days - 1)
    chapter_rows = (
        InpatientEpisode.objects.filter(person_id__in=ids)
        .filter(admission_time__date__gte=since_diagnoses, admission_time__date__lte=on)
        .annotate(chapter=Substr("main_diagnosis", 1, 1))
        .values("person_id")
        .annotate(n=Count("chapter", distinct=True))
    )
    chapters = {row["person_id"]: row["n"] for row in chapter_rows}
    profiles = {}
    for pk, birth in births.items():
        age = _age(birth, on)
        args = (age, visits.get(pk, 0), chapters.get(pk, 0), pk in home, pk in nursing)
        profiles[pk] = NeedProfile(pk, *args, score=_score(w, *args))
    return profiles


def need_profiles(unit: CareUnit, *, on: date) -> dict[int, NeedProfile]:
    """The need profile of every living person listed at `unit` on `on`."""
    return need_profiles_for(selectors.listed_persons(unit, on=on), on=on)


def need_scores(unit: CareUnit, *, on: date) -> dict[int, float]:
    """Person id → need score for everyone listed at `unit` on `on` (1.0 = an adult of working
    age with no extra need; higher = greater need). Proposals rank by it too."""
    return {pk: p.score for pk, p in need_profiles(unit, on=on).items()}


def prioritised(profiles: dict[int, NeedProfile], person_ids) -> list[NeedProfile]:
    """The profiles of `person_ids`, greatest need first (then oldest, then id: stable)."""
    chosen = [profiles[pk] for pk in person_ids if pk in profiles]
    return sorted(chosen, key=lambda p: (-p.score, -p.age, p.person_id))


# --- Capacity per doctor and per unit -----------------------------------------------------------


@dataclass
class DoctorCapacity:
    staff: Staff
    fte: Decimal  # the doctor's share of a full-time post at the unit on the day (0: left)
    guide_per_fte: int
    named: int  # persons with them as named doctor at the unit
    weighted: float  # the need-weighted sum of those persons

    @property
    def capacity(self) -> int:
        """Guide capacity: guide value × FTE, rounded down (a person is whole)."""
        return int(self.guide_per_fte * self.fte)

    @property
    def free(self) -> int:
        return self.capacity - self.named

    @property
    def over(self) -> bool:
        return self.named > self.capacity

    @property
    def excess(self) -> int:
        return max(self.named - self.capacity, 0)

    @property
    def named_per_fte(self) -> float | None:
        return round(self.named / float(self.fte), 1) if self.fte else None

    @property
    def weighted_per_fte(self) -> float | None:
        return round(self.weighted / float(self.fte), 1) if self.fte else None

    @property
    def use_percent(self) -> float | None:
        return round(100 * self.named / self.capacity, 1) if self.capacity else None


def doctor_capacities(
    unit: CareUnit, *, on: date, scores: dict[int, float] | None = None
) -> list[DoctorCapacity]:
    """Every doctor assigned to `unit` on `on` (and every doctor still named there whose
    assignment ended, with FTE 0), with guide capacity and current named-doctor count. Pass
    `scores` (from `need_scores`) to avoid computing them twice."""
    guide = guide_value(unit, on=on)
    fte = dict(
        Assignment.objects.filter(valid_on(on), unit=unit, staff__profession="doctor")
        .values("staff")
        .annotate(total=Sum("fte"))
        .values_list("staff", "total")
    )
    named_rows = list(
        NamedContact.objects.filter(valid_on(on), unit=unit, role=NamedContactRole.NAMED_DOCTOR)
        .filter(alive_on(on, "person__"))
        .values_list("staff_id", "person_id")
    )
    if scores is None:
        scores = need_scores(unit, on=on)
    named: dict[int, int] = {}
    weighted: dict[int, float] = {}
    w = need_weights()
    for staff_id, person_id in named_rows:
        named[staff_id] = named.get(staff_id, 0) + 1
        # Named at the unit but not (or no longer) listed there: weigh as an adult of working age.
        weighted[staff_id] = weighted.get(staff_id, 0) + scores.get(person_id, w.age_bands[1][1])
    doctors = Staff.objects.filter(pk__in=set(fte) | set(named)).order_by(
        "family_name", "given_name", "pk"
    )
    return [
        DoctorCapacity(
            staff=d,
            fte=min(Decimal(fte.get(d.pk) or 0), Decimal(1)).quantize(Decimal("0.01")),
            guide_per_fte=guide.per_fte(d),
            named=named.get(d.pk, 0),
            weighted=round(weighted.get(d.pk, 0.0), 2),
        )
        for d in doctors
    ]


@dataclass
class UnitCapacity:
    unit: CareUnit
    on: date
    guide: Guide
    listed: int
    with_named_doctor: int  # listed persons with a named doctor
    weighted_listed: float
    doctors: list[DoctorCapacity] = field(default_factory=list)
    without: list[NeedProfile] = field(default_factory=list)  # all, greatest need first

    @property
    def coverage_percent(self) -> float | None:
        return round(100 * self.with_named_doctor / self.listed, 1) if self.listed else None

    @property
    def doctor_fte(self) -> Decimal:
        return sum((d.fte for d in self.doctors), Decimal(0))

    @property
    def capacity(self) -> int:
        return sum(d.capacity for d in self.doctors)

    @property
    def free(self) -> int:
        """Places left under the guide value (doctors over it count as zero, not negative)."""
        return sum(max(d.free, 0) for d in self.doctors)

    @property
    def gap(self) -> int:
        """Listed persons beyond the unit's guide capacity: who cannot get a named doctor here
        with today's doctors, even if every place were used."""
        return max(self.listed - self.capacity, 0)

    @property
    def listed_per_fte(self) -> float | None:
        fte = float(self.doctor_fte)
        return round(self.listed / fte, 1) if fte else None

    @property
    def weighted_listed_per_fte(self) -> float | None:
        fte = float(self.doctor_fte)
        return round(self.weighted_listed / fte, 1) if fte else None

    @property
    def over(self) -> list[DoctorCapacity]:
        return [d for d in self.doctors if d.over]

    def count_without(self, test) -> int:
        return sum(1 for p in self.without if test(p))


def unit_capacity(unit: CareUnit, *, on: date) -> UnitCapacity:
    """The unit's capacity figures and everyone listed without a named doctor, by need."""
    profiles = need_profiles(unit, on=on)
    scores = {pk: p.score for pk, p in profiles.items()}
    without_ids = selectors.listed_without_named_doctor(unit, on=on).values_list("pk", flat=True)
    without = prioritised(profiles, without_ids)
    return UnitCapacity(
        unit=unit,
        on=on,
        guide=guide_value(unit, on=on),
        listed=len(profiles),
        with_named_doctor=len(profiles) - len(without),
        weighted_listed=round(sum(scores.values()), 2),
        doctors=doctor_capacities(unit, on=on, scores=scores),
        without=without,
    )


__all__ = [
    "DEFAULT_SPECIALIST_PER_FTE",
    "DEFAULT_ST_PER_FTE",
    "NAMED_DOCTOR_GUIDE_LOAD",
    "DoctorCapacity",
    "Guide",
    "NeedProfile",
    "NeedWeights",
    "UnitCapacity",
    "doctor_capacities",
    "guide_value",
    "need_profiles",
    "need_profiles_for",
    "need_scores",
    "need_weights",
    "prioritised",
    "unit_capacity",
]
