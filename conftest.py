"""Fixtures shared by every app's tests.

- `small_county`: a small but complete county 19 (two municipalities, every unit kind the demo roles
  need, staff, residents with listings, named contacts, relatives …); returns a `SmallCounty`.
- `demo_users`: `small_county` plus one demo user per role (navet.demo.ensure_demo_users), as a dict
  username → DemoUser (with the password). Uses a fast password hasher.
- `client_as`: `client_as("allmanlakare")` → a Django test Client logged in as that demo user.
- `identity_numbers`: `identity_numbers(year=1950, sex="F")` → an unused number from
  Skatteverket's test series (shared/data/test_identity_numbers.csv); never invent numbers.

Templates are rendered with plain static storage: tests do not run collectstatic.
"""

from __future__ import annotations

import csv
import functools
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

import pytest

from navet.paths import shared_data_dir

# One definition of the browser fixtures for the whole session: a second sync Playwright would
# start while the first one's event loop still runs, which Playwright refuses.
pytest_plugins = ["navet.web.tests.browser_fixtures"]

FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def pytest_runtest_setup(item):
    """Tests marked `postgres_only` (row locking, COPY, real concurrent transactions) are skipped
    on any other database; the PostgreSQL lane of `./navet test` runs them."""
    if item.get_closest_marker("postgres_only") is None:
        return
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip(f"needs PostgreSQL (this run uses {connection.vendor})")


@pytest.fixture(autouse=True)
def _plain_static_storage(settings):
    """{% static %} with the manifest storage needs collectstatic; tests do without it."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


# --- Identity numbers from Skatteverket's test series ------------------------------------------


@functools.cache
def _test_numbers() -> dict[tuple[str, int], tuple[str, ...]]:
    by_kind_and_year: dict[tuple[str, int], list[str]] = {}
    with (shared_data_dir() / "test_identity_numbers.csv").open(newline="") as f:
        for row in csv.DictReader(f):
            by_kind_and_year.setdefault((row["kind"], int(row["number"][:4])), []).append(
                row["number"]
            )
    return {key: tuple(sorted(numbers)) for key, numbers in by_kind_and_year.items()}


def _sex_of(number: str) -> str:
    return "M" if int(number[-2]) % 2 else "F"


class IdentityNumbers:
    """Hands out distinct test identity numbers (12 digits) by kind, birth year and sex."""

    def __init__(self) -> None:
        self.used: set[str] = set()

    def __call__(self, *, year: int, sex: str | None = None, kind: str = "personnummer") -> str:
        from navet.identifiers import parse_identity_number
        from navet.residents.models import Person

        for number in _test_numbers().get((kind, year), ()):
            if number in self.used or (sex and _sex_of(number) != sex):
                continue
            if parse_identity_number(number).birth_date is None:
                continue  # a samordningsnummer with an unknown birth day cannot be a Person
            self.used.add(number)
            if not Person.objects.filter(identifier=number).exists():
                return number
        raise LookupError(f"no unused {kind} born {year} (sex {sex}) in the test series")


@pytest.fixture
def identity_numbers(db) -> IdentityNumbers:
    return IdentityNumbers()


# --- A small county -----------------------------------------------------------------------------


@dataclass
class SmallCounty:
    """What `small_county` created, by short keys (see build_small_county for the cast)."""

    county: object
    municipalities: dict[str, object] = field(default_factory=dict)
    principals: dict[str, object] = field(default_factory=dict)
    providers: dict[str, object] = field(default_factory=dict)
    units: dict[str, object] = field(default_factory=dict)
    staff: dict[str, object] = field(default_factory=dict)
    persons: dict[str, object] = field(default_factory=dict)


def build_small_county(numbers: IdentityNumbers | None = None) -> SmallCounty:
    """County 19 with Västerås (1980) and Sala (1981).

    Units: health centres `skiljebo` (region, Västerås), `city` (private, Västerås), `vasby`
    (region, Sala); inpatient ward `ward`; `home_health` and `home_health_sala` (municipal home
    health care); `social_services`; `home_care` and `home_care_sala`; `mobile_team`;
    `nursing_home` (Sala); `office` (the region's administration, where the demo places its
    analyst, leadership and security officer).
    Staff (key = the demo user that ensure_demo_users picks, where there is one):
    `distriktsskoterska`, `allmanlakare`, `verksamhetschef` (unit head) and an ST doctor `st` at
    Skiljebo; `avdelningslakare`, `avdelningsskoterska` on the ward; `kommunskoterska`,
    `bistandshandlaggare`, `underskoterska`, `samordnare` (mobile team); and a few in Sala and at
    Citykliniken.
    Persons: `elsa` (1938, listed at Skiljebo with history, named doctor, care and social-care
    contacts, home care, a daughter; she becomes the demo resident), `gustav` (1946, Sala), `maria`
    (protected identity), `leo` (2016, two guardians), `anders` (dead), `ahmed` (samordningsnummer),
    `berit` (Åberg, nursing home in Sala), `tomas` (reservnummer, nothing else).
    """
    from navet.identifiers import SYNTHETIC_ORG_NUMBER, make_hsa_id
    from navet.organisation.models import (
        Assignment,
        CareProvider,
        CareUnit,
        County,
        Municipality,
        Principal,
        Staff,
        Subarea,
    )
    from navet.residents.models import (
        HomeCare,
        Listing,
        LivingSituation,
        NamedContact,
        Person,
        Relative,
        Residence,
    )

    numbers = numbers or IdentityNumbers()

    def hsa(suffix: str) -> str:
        return make_hsa_id(SYNTHETIC_ORG_NUMBER, suffix)

    county = County.objects.create(code="19", name="Västmanlands län")
    result = SmallCounty(county=county)
    node_vasteras = Subarea.objects.create(county=county, name="Nod Västerås")
    node_sala = Subarea.objects.create(county=county, name="Nod Sala")
    vasteras = Municipality.objects.create(
        code="1980",
        name="Västerås",
        county=county,
        subarea=node_vasteras,
        population=160_000,
        population_year=2024,
    )
    sala = Municipality.objects.create(
        code="1981",
        name="Sala",
        county=county,
        subarea=node_sala,
        population=23_000,
        population_year=2024,
    )
    result.municipalities = {"vasteras": vasteras, "sala": sala}

    region = Principal.objects.create(kind="region", name="Region Västmanland", county=county)
    vasteras_stad = Principal.objects.create(
        kind="municipality", name="Västerås stad", county=county, municipality=vasteras
    )
    sala_kommun = Principal.objects.create(
        kind="municipality", name="Sala kommun", county=county, municipality=sala
    )
    result.principals = {"region": region, "vasteras": vasteras_stad, "sala": sala_kommun}

    providers = {
        "region": CareProvider.objects.create(
            name="Region Västmanland", ownership="public", principal=region
        ),
        "city": CareProvider.objects.create(
            name="Citykliniken Västerås AB", ownership="private", principal=region
        ),
        "vasteras": CareProvider.objects.create(
            name="Västerås stad, vård och omsorg", ownership="public", principal=vasteras_stad
        ),
        "sala": CareProvider.objects.create(
            name="Sala kommun, vård och omsorg", ownership="public", principal=sala_kommun
        ),
    }
    result.providers = providers

    # fmt: off
    unit_rows = [
        # key, name, kind, provider, principal, municipality, extra fields
        ("skiljebo", "Vårdcentralen Skiljebo", "health_centre", "region", region, vasteras,
         {"listing_cap": 9000}),
        ("city", "Citykliniken", "health_centre", "city", region, vasteras, {}),
        ("vasby", "Vårdcentralen Väsby", "health_centre", "region", region, sala, {}),
        ("ward", "Avdelning 31, medicin", "inpatient_ward", "region", region, vasteras,
         {"hospital": "Västmanlands sjukhus Västerås"}),
        ("mobile_team", "Mobila närvårdsteamet Västerås", "mobile_team", "region", region,
         vasteras, {}),
        ("home_health", "Hemsjukvården Västerås", "home_health_care", "vasteras",
         vasteras_stad, vasteras, {}),
        ("social_services", "Biståndsenheten Västerås", "social_services", "vasteras",
         vasteras_stad, vasteras, {}),
        ("home_care", "Hemtjänst Västerås centrum", "home_care", "vasteras", vasteras_stad,
         vasteras, {}),
        ("home_health_sala", "Hemsjukvården Sala", "home_health_care", "sala", sala_kommun,
         sala, {}),
        ("home_care_sala", "Hemtjänst Sala", "home_care", "sala", sala_kommun, sala, {}),
        ("nursing_home", "Solgårdens särskilda boende", "nursing_home", "sala", sala_kommun,
         sala, {}),
        ("office", "Region Västmanland, hälso- och sjukvårdsförvaltningen", "administration",
         "region", region, vasteras, {}),
    ]
    # fmt: on
    for i, (key, name, kind, provider, principal, municipality, extra) in enumerate(unit_rows):
        result.units[key] = CareUnit.objects.create(
            hsa_id=hsa(f"E{i + 1:04d}"),
            name=name,
            kind=kind,
            care_provider=providers[provider],
            principal=principal,
            municipality=municipality,
            **extra,
        )
    units = result.units

    since = date(2020, 1, 1)
    # fmt: off
    staff_rows = [
        # key, given, family, profession, unit, assignment role, fte, doctor grade, specialty
        ("verksamhetschef", "Ingrid", "Wall", "district_nurse", "skiljebo", "unit_head", "1",
         "", ""),
        ("distriktsskoterska", "Eva", "Holm", "district_nurse", "skiljebo", "staff", "1", "", ""),
        ("allmanlakare", "Per", "Ek", "doctor", "skiljebo", "staff", "1", "specialist",
         "general_practice"),
        ("st", "Nora", "Lind", "doctor", "skiljebo", "staff", "0.8", "st", "general_practice"),
        ("city_doctor", "Hans", "Ahl", "doctor", "city", "staff", "1", "specialist",
         "general_practice"),
        ("vasby_doctor", "Olof", "Sand", "doctor", "vasby", "staff", "1", "specialist",
         "general_practice"),
        ("vasby_nurse", "Siv", "Berg", "district_nurse", "vasby", "staff", "0.9", "", ""),
        ("avdelningslakare", "Karl", "Strand", "doctor", "ward", "staff", "1", "specialist",
         "internal_medicine"),
        ("avdelningsskoterska", "Lena", "Dahl", "nurse", "ward", "staff", "1", "", ""),
        ("kommunskoterska", "Maja", "Fors", "nurse", "home_health", "staff", "1", "", ""),
        ("bistandshandlaggare", "Jonas", "Vik", "care_manager", "social_services", "staff", "1",
         "", ""),
        ("underskoterska", "Fatima", "Ali", "assistant_nurse", "home_care", "staff", "0.75", "",
         ""),
        ("samordnare", "Sofia", "Borg", "nurse", "mobile_team", "coordinator", "1", "", ""),
        ("sala_assistant", "Greta", "Ny", "assistant_nurse", "home_care_sala", "staff", "1", "",
         ""),
    ]
    # fmt: on
    for i, (key, given, family, profession, unit, role, fte, grade, specialty) in enumerate(
        staff_rows
    ):
        licensed = profession in {"doctor", "nurse", "district_nurse"}
        member = Staff.objects.create(
            hsa_id=hsa(f"P{i + 1:04d}"),
            given_name=given,
            family_name=family,
            profession=profession,
            licensed=licensed,
            doctor_grade=grade,
            specialty=specialty,
        )
        Assignment.objects.create(
            staff=member, unit=units[unit], role=role, fte=Decimal(fte), valid_from=since
        )
        result.staff[key] = member
    staff = result.staff

    def person(key, given, family, year, sex, kind="personnummer", **extra) -> Person:
        from navet.identifiers import parse_identity_number

        number = numbers(year=year, sex=sex, kind=kind)
        parsed = parse_identity_number(number)
        result.persons[key] = Person.objects.create(
            identifier=parsed.normalised,
            identifier_kind=kind,
            given_name=given,
            family_name=family,
            sex=sex,
            birth_date=parsed.birth_date,
            **extra,
        )
        return result.persons[key]

    def residence(who, municipality, street, postal_code, valid_from, valid_to=None):
        Residence.objects.create(
            person=who,
            municipality=municipality,
            street_address=street,
            postal_code=postal_code,
            city=municipality.name,
            valid_from=valid_from,
            valid_to=valid_to,
        )

    elsa = person("elsa", "Elsa", "Lindqvist", 1938, "F")
    residence(elsa, sala, "Bergsgatan 3", "733 30", date(1990, 1, 1), date(2011, 12, 31))
    residence(elsa, vasteras, "Storgatan 12", "722 11", date(2012, 1, 1))
    LivingSituation.objects.create(person=elsa, kind="own_home", valid_from=date(2012, 1, 1))
    HomeCare.objects.create(
        person=elsa, unit=units["home_care"], hours_per_month=30, valid_from=date(2022, 6, 1)
    )
    Relative.objects.create(
        person=elsa,
        name="Anna Lindqvist",
        relation="child",
        phone="070-174 06 10",
        valid_from=date(2015, 1, 1),
    )
    Listing.objects.create(
        person=elsa,
        unit=units["city"],
        origin="active_choice",
        valid_from=date(2012, 1, 1),
        valid_to=date(2019, 2, 28),
    )
    Listing.objects.create(
        person=elsa, unit=units["skiljebo"], origin="active_choice", valid_from=date(2019, 3, 1)
    )
    NamedContact.objects.create(
        person=elsa,
        role="named_doctor",
        staff=staff["city_doctor"],
        unit=units["city"],
        valid_from=date(2012, 1, 1),
        valid_to=date(2019, 2, 28),
    )
    NamedContact.objects.create(
        person=elsa,
        role="named_doctor",
        staff=staff["allmanlakare"],
        unit=units["skiljebo"],
        valid_from=date(2019, 3, 1),
    )
    NamedContact.objects.create(
        person=elsa,
        role="named_care_contact",
        staff=staff["distriktsskoterska"],
        unit=units["skiljebo"],
        appointed_by=staff["verksamhetschef"],
        valid_from=date(2023, 1, 1),
    )
    NamedContact.objects.create(
        person=elsa,
        role="named_social_care_contact",
        staff=staff["underskoterska"],
        unit=units["home_care"],
        valid_from=date(2022, 6, 1),
    )

    gustav = person("gustav", "Gustav", "Berg", 1946, "M")
    residence(gustav, sala, "Norra Esplanaden 8", "733 31", date(1980, 1, 1))
    LivingSituation.objects.create(person=gustav, kind="own_home", valid_from=date(1980, 1, 1))
    Listing.objects.create(person=gustav, unit=units["vasby"], valid_from=date(2010, 1, 1))
    NamedContact.objects.create(
        person=gustav,
        role="named_doctor",
        staff=staff["vasby_doctor"],
        unit=units["vasby"],
        valid_from=date(2018, 1, 1),
    )

    maria = person("maria", "Maria", "Svensson", 1985, "F", protected_identity=True)
    residence(maria, vasteras, "Hemlig adress 1", "721 00", date(2015, 1, 1))
    Listing.objects.create(person=maria, unit=units["skiljebo"], valid_from=date(2015, 1, 1))

    leo = person("leo", "Leo", "Nilsson", 2016, "M")
    residence(leo, vasteras, "Skolgatan 4", "722 15", leo.birth_date)
    Listing.objects.create(person=leo, unit=units["skiljebo"], valid_from=leo.birth_date)
    for name in ("Sara Nilsson", "Johan Nilsson"):
        Relative.objects.create(
            person=leo,
            name=name,
            relation="parent",
            is_guardian=True,
            valid_from=leo.birth_date,
        )

    death = date(2024, 5, 1)
    anders = person("anders", "Anders", "Johansson", 1931, "M", death_date=death)
    residence(anders, vasteras, "Kyrkogatan 2", "722 12", date(1970, 1, 1), death)
    Listing.objects.create(
        person=anders, unit=units["skiljebo"], valid_from=date(2010, 1, 1), valid_to=death
    )

    ahmed = person("ahmed", "Ahmed", "Hassan", 1966, "M", kind="samordningsnummer")
    residence(ahmed, vasteras, "Bäckby centrum 5", "724 72", date(2024, 1, 1))

    berit = person("berit", "Berit", "Åberg", 1950, "F")
    residence(berit, sala, "Solgårdsvägen 1", "733 35", date(2000, 1, 1))
    LivingSituation.objects.create(
        person=berit, kind="nursing_home", unit=units["nursing_home"], valid_from=date(2023, 9, 1)
    )
    Listing.objects.create(person=berit, unit=units["vasby"], valid_from=date(2000, 1, 1))

    result.persons["tomas"] = Person.objects.create(
        identifier="19700101R0001",
        identifier_kind="reservnummer",
        given_name="Tomas",
        family_name="Okänd",
        sex="M",
        birth_date=date(1970, 1, 1),
    )
    return result


@pytest.fixture
def small_county(db, identity_numbers) -> SmallCounty:
    return build_small_county(identity_numbers)


@pytest.fixture
def demo_users(small_county, tmp_path, settings):
    """One demo user per role on top of `small_county`: {username: DemoUser}."""
    from navet.demo import ensure_demo_users

    settings.PASSWORD_HASHERS = FAST_HASHERS
    users = ensure_demo_users(password_file=tmp_path / "demo_users.json")
    return {user.username: user for user in users}


@pytest.fixture
def client_as(demo_users):
    """A function: client_as(username) → a test Client logged in as that demo user."""
    from django.contrib.auth.models import User
    from django.test import Client

    def login(username: str) -> Client:
        client = Client()
        client.force_login(User.objects.get(username=username))
        return client

    return login
