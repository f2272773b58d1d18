"""Bad fixtures: every problem is named with its line and key, and nothing is loaded."""

from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from navet.organisation.models import County
from navet.roadmap.loader import AlreadyLoaded, FixtureError, load_roadmap, load_seed, to_date
from navet.roadmap.models import Activity, Forum, Roadmap

pytestmark = pytest.mark.django_db

GOOD = """\
format: navet-roadmap/1
source:
  file: test.txt
county: "19"
key: test-plan
name: Testplan
forums:
  - key: ledning
    name: Ledningsgruppen
    kind: steering_body
version:
  title: Testplan 2026
  status: adopted
  period: {start: 2026, end: 2026}
  areas:
    - key: omrade
      title: Området
      activities:
        - key: aktivitet
          title: Aktiviteten
          owner: ledning
          start: 2026-02
          end: 2026-06
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "plan.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def nothing_loaded() -> bool:
    return not Roadmap.objects.exists() and not Forum.objects.exists()


def line_of(text: str, fragment: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if fragment in line)


def test_a_good_file_loads(tmp_path, small_county):
    loaded = load_roadmap(write(tmp_path, GOOD))
    activity = Activity.objects.get()
    assert (activity.starts_on.isoformat(), activity.ends_on.isoformat()) == (
        "2026-02-01",
        "2026-06-30",
    )
    assert activity.owner_forum.name == "Ledningsgruppen"
    assert loaded.roadmap.principals.count() == 3  # "all" by default
    with pytest.raises(AlreadyLoaded):
        load_roadmap(write(tmp_path, GOOD))
    assert Roadmap.objects.count() == 1


def test_an_unknown_forum_names_the_line_and_loads_nothing(tmp_path, small_county):
    text = GOOD.replace("owner: ledning", "owner: styrgrupp")
    with pytest.raises(FixtureError) as error:
        load_roadmap(write(tmp_path, text))
    message = str(error.value)
    assert f"rad {line_of(text, 'owner: styrgrupp')}" in message
    assert "version.areas[0].activities[0].owner" in message
    assert 'okänt forum "styrgrupp"' in message
    assert nothing_loaded()


def test_an_unknown_area_names_the_line(tmp_path, small_county):
    text = GOOD + "  activities:\n    - key: extra\n      title: Extra\n      area: finns-inte\n"
    with pytest.raises(FixtureError) as error:
        load_roadmap(write(tmp_path, text))
    message = str(error.value)
    assert f"rad {line_of(text, 'area: finns-inte')}, version.activities[0].area" in message
    assert 'okänt område "finns-inte"' in message
    assert nothing_loaded()


def test_an_activity_listed_after_the_areas_joins_its_area(tmp_path, small_county):
    text = GOOD + "  activities:\n    - key: extra\n      title: Extra\n      area: omrade\n"
    load_roadmap(write(tmp_path, text))
    assert Activity.objects.get(key="extra").area.key == "omrade"


def test_an_unknown_indicator_names_the_line(tmp_path, small_county):
    text = GOOD.replace(
        "          end: 2026-06\n",
        "          end: 2026-06\n          targets:\n            - indicator: kontinuitet_x\n",
    )
    with pytest.raises(FixtureError) as error:
        load_roadmap(write(tmp_path, text))
    message = str(error.value)
    assert f"rad {line_of(text, 'kontinuitet_x')}" in message
    assert 'okänd indikator "kontinuitet_x"' in message
    assert nothing_loaded()


def test_an_end_before_the_start_is_refused(tmp_path, small_county):
    text = GOOD.replace("end: 2026-06", "end: 2025-12")
    with pytest.raises(FixtureError) as error:
        load_roadmap(write(tmp_path, text))
    assert "aktivitetens slut (2025-12-31) är före dess start (2026-02-01)" in str(error.value)
    assert f"rad {line_of(text, 'end: 2025-12')}" in str(error.value)
    assert nothing_loaded()


def test_every_problem_is_reported_at_once(tmp_path, small_county):
    text = (
        GOOD.replace("kind: steering_body", "kind: styrelse")
        .replace("title: Aktiviteten", "titel: Aktiviteten")
        .replace("status: adopted", "status: klar")
    )
    with pytest.raises(FixtureError) as error:
        load_roadmap(write(tmp_path, text))
    problems = {p.where: p for p in error.value.problems}
    assert set(problems) == {
        "forums[0].kind",
        "version.status",
        "version.areas[0].activities[0].titel",
        "version.areas[0].activities[0].title",
    }
    assert "okänd nyckel" in problems["version.areas[0].activities[0].titel"].message
    assert problems["version.areas[0].activities[0].title"].message == "saknas"
    assert str(error.value).startswith("plan.yaml: 4 fel, inget lästes in")


def test_unknown_subareas_and_municipalities_are_named(tmp_path, small_county):
    text = GOOD.replace(
        "          owner: ledning\n",
        "          owner: ledning\n"
        "          subareas: [Nod Okänd]\n"
        "          principals: [region, 1999]\n",
    )
    with pytest.raises(FixtureError) as error:
        load_roadmap(write(tmp_path, text))
    message = str(error.value)
    assert 'okänd nod "Nod Okänd"' in message
    assert 'okänd huvudman "1999"' in message
    assert nothing_loaded()


def test_yaml_errors_name_their_line(tmp_path, small_county):
    broken = GOOD.replace("  title: Testplan 2026", "  title: [Testplan 2026")
    with pytest.raises(FixtureError) as error:
        load_roadmap(write(tmp_path, broken))
    assert "ogiltig YAML" in str(error.value)
    duplicated = GOOD.replace("name: Testplan\n", "name: Testplan\nname: Igen\n")
    with pytest.raises(FixtureError) as error:
        load_roadmap(write(tmp_path, duplicated))
    assert f"rad {line_of(duplicated, 'name: Igen')}, name: nyckeln förekommer två gånger" in str(
        error.value
    )


def test_a_missing_county_is_created_from_reference_data_and_rolled_back_on_error(tmp_path):
    text = GOOD.replace('county: "19"', 'county: "24"').replace("owner: ledning", "owner: x")
    with pytest.raises(FixtureError):
        load_roadmap(write(tmp_path, text))
    assert not County.objects.exists()
    load_roadmap(write(tmp_path, text.replace("owner: x", "owner: ledning")))
    county = County.objects.get()
    assert county.name == "Västerbottens län" and county.principals.count() == 16


def test_on_and_yes_are_plain_words_not_booleans(tmp_path, small_county):
    text = GOOD.replace(
        "  title: Testplan 2026", "  title: Testplan 2026\n  adopted: {on: 2026-01-15}"
    )
    load_roadmap(write(tmp_path, text))
    assert Roadmap.objects.get().versions.get().adopted_on.isoformat() == "2026-01-15"


def test_dates_by_year_month_or_day():
    assert to_date(2025, end=False).isoformat() == "2025-01-01"
    assert to_date(2025, end=True).isoformat() == "2025-12-31"
    assert to_date("2024-02", end=True).isoformat() == "2024-02-29"
    assert to_date("2024-13", end=True) is None
    assert to_date("i vår", end=False) is None


def test_the_command_loads_a_seed_and_reports_a_bad_file(tmp_path, capsys, small_county):
    call_command("load_roadmap", "vastmanland")
    assert "Inläst: Program Nära vård i Västmanland" in capsys.readouterr().out
    text = GOOD.replace("owner: ledning", "owner: styrgrupp")
    with pytest.raises(CommandError) as error:
        call_command("load_roadmap", str(write(tmp_path, text)))
    assert f"plan.yaml: rad {line_of(text, 'owner: styrgrupp')}" in str(error.value)
    assert Roadmap.objects.count() == 1


def test_seeds_load_side_by_side(small_county):
    load_seed("vastmanland")
    load_seed("vasternorrland", county_code="19")
    assert Roadmap.objects.filter(county_id="19").count() == 2
