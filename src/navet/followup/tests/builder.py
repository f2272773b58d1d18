"""A small snapshot writer for hand-computed tests: add rows, write contract-v1 Parquet files.

Every test starts from the same tiny county 19: municipalities 1980 (Västerås, subarea
"Nod Västerås") and 1981 (Sala, "Nod Sala"), a health centre in each (HC1, HC2), a ward (W1),
an ED (ED1) and one doctor per health centre (D1, D2). Tests add the people and events they
reason about. Times are given in Swedish local time and stored as UTC, as the contract says.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from zoneinfo import ZoneInfo

import pyarrow as pa
import pyarrow.parquet as pq

from navet.followup.contract import ARROW_TYPES, TABLES

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def local(text: str) -> dt.datetime:
    """'2025-03-30 02:30' in Stockholm local time, as an aware UTC datetime."""
    naive = dt.datetime.fromisoformat(text)
    return naive.replace(tzinfo=STOCKHOLM).astimezone(dt.UTC)


def day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


class SnapshotBuilder:
    def __init__(self, *, base: bool = True) -> None:
        self.rows: dict[str, list[dict]] = {name: [] for name in TABLES}
        self.extra_columns: dict[str, dict[str, pa.DataType]] = {}
        if base:
            self.unit("HC1", kind="health_centre", municipality="1980", subarea="Nod Västerås")
            self.unit("HC2", kind="health_centre", municipality="1981", subarea="Nod Sala")
            self.unit("W1", kind="inpatient_ward", municipality="1980", subarea="Nod Västerås")
            self.unit(
                "ED1", kind="emergency_department", municipality="1980", subarea="Nod Västerås"
            )
            self.staff("D1", profession="doctor", grade="specialist", fte=1.0)
            self.staff("D2", profession="doctor", grade="st", fte=0.5)
            self.area("1980", "Västerås", "Nod Västerås", 160_000)
            self.area("1981", "Sala", "Nod Sala", 23_000)

    def add(self, table: str, **row) -> SnapshotBuilder:
        self.rows[table].append(row)
        return self

    def person(
        self,
        key,
        *,
        sex="F",
        birth="1950-06-15",
        municipality="1980",
        living="own_home",
        death=None,
    ):
        return self.add(
            "persons",
            person_key=key,
            sex=sex,
            birth_date=day(birth),
            municipality_code=municipality,
            living_situation=living,
            death_date=day(death) if death else None,
        )

    def unit(
        self,
        unit_id,
        *,
        kind,
        municipality="1980",
        subarea=None,
        principal="region",
        ownership="public",
    ):
        return self.add(
            "units",
            unit_id=unit_id,
            kind=kind,
            name=f"Enhet {unit_id}",
            municipality_code=municipality,
            subarea=subarea,
            principal=principal,
            ownership=ownership,
        )

    def staff(self, key, *, profession="doctor", grade=None, fte=1.0):
        return self.add("staff", staff_key=key, profession=profession, doctor_grade=grade, fte=fte)

    def listing(self, person, unit="HC1", start="2020-01-01", end=None, origin=None):
        row = dict(
            person_key=person,
            unit_id=unit,
            valid_from=day(start),
            valid_to=day(end) if end else None,
        )
        if origin is not None:
            row["origin"] = origin
            self.extra_columns.setdefault("listings", {})["origin"] = pa.string()
        return self.add("listings", **row)

    def named_contact(
        self, person, staff="D1", unit="HC1", role="named_doctor", start="2020-01-01", end=None
    ):
        return self.add(
            "named_contacts",
            person_key=person,
            role=role,
            staff_key=staff,
            unit_id=unit,
            valid_from=day(start),
            valid_to=day(end) if end else None,
        )

    def visit(
        self,
        person,
        date,
        staff="D1",
        unit="HC1",
        profession="doctor",
        care_level="primary",
        form="physical",
    ):
        return self.add(
            "visits",
            person_key=person,
            staff_key=staff,
            unit_id=unit,
            profession=profession,
            care_level=care_level,
            form=form,
            visit_date=day(date),
        )

    def ed_visit(self, person, arrival, unit="ED1"):
        return self.add("ed_visits", person_key=person, unit_id=unit, arrival_time=local(arrival))

    def episode(
        self,
        episode_id,
        person,
        admitted,
        discharged=None,
        *,
        unit="W1",
        admission_type="acute",
        care_type="somatic",
        diagnosis="R07.4",
        ready=None,
        destination="home",
    ):
        return self.add(
            "episodes",
            episode_id=episode_id,
            person_key=person,
            unit_id=unit,
            admission_time=local(admitted),
            discharge_time=local(discharged) if discharged else None,
            admission_type=admission_type,
            care_type=care_type,
            main_diagnosis=diagnosis,
            ready_time=local(ready) if ready else None,
            discharge_destination=destination if discharged else None,
        )

    def care_request(
        self, person, received, assessed=None, *, unit="HC1", reason="new", profession="nurse"
    ):
        return self.add(
            "care_requests",
            person_key=person,
            unit_id=unit,
            received_date=day(received),
            reason_class=reason,
            first_assessment_date=day(assessed) if assessed else None,
            profession=profession,
        )

    def phone_call(self, received, answered, unit="HC1"):
        return self.add(
            "phone_calls", unit_id=unit, received_time=local(received), answered_same_day=answered
        )

    def residence(self, person, municipality, start, end=None):
        return self.add(
            "residence_history",
            person_key=person,
            municipality_code=municipality,
            valid_from=day(start),
            valid_to=day(end) if end else None,
        )

    def living_period(self, person, situation, start, end=None):
        return self.add(
            "living_situation_history",
            person_key=person,
            living_situation=situation,
            valid_from=day(start),
            valid_to=day(end) if end else None,
        )

    def assignment(self, staff, unit="HC1", fte=1.0, start="2020-01-01", end=None):
        return self.add(
            "staff_assignments",
            staff_key=staff,
            unit_id=unit,
            fte=fte,
            valid_from=day(start),
            valid_to=day(end) if end else None,
        )

    def sip_plan(
        self,
        plan,
        person,
        initiated,
        *,
        stage="follow_up",
        finalised=None,
        followup=None,
        followed_up=None,
        closed=None,
        goals=True,
        unit="HC1",
        principal="region",
    ):
        return self.add(
            "sip_plans",
            plan_key=plan,
            person_key=person,
            initiated_by_principal=principal,
            initiated_date=day(initiated),
            stage=stage,
            finalised_date=day(finalised) if finalised else None,
            followup_date=day(followup) if followup else None,
            followed_up_date=day(followed_up) if followed_up else None,
            closed_date=day(closed) if closed else None,
            has_own_goals=goals,
            coordinator_unit_id=unit,
        )

    def sip_meeting(self, plan, date, mode="on_site", held=True):
        return self.add("sip_meetings", plan_key=plan, meeting_date=day(date), mode=mode, held=held)

    def stay(
        self, stay_id, person, admitted, discharged=None, *, unit="W1", ready=None,
        destination="home", sip_required=None, named_care=None,
    ):  # fmt: skip
        """A stay of the safe-discharge process (optional table `stays`)."""
        return self.add(
            "stays",
            stay_id=stay_id,
            person_key=person,
            unit_id=unit,
            episode_id=None,
            admission_time=local(admitted),
            needs_assessed_time=None,
            ready_time=local(ready) if ready else None,
            discharge_time=local(discharged) if discharged else None,
            discharge_destination=destination if discharged else None,
            sip_call_required=sip_required,
            named_care_contact_at_discharge=named_care,
        )

    def notice(
        self, stay_id, person, kind, due, sent=None, *, to="HC1", sender="W1", acknowledged=None
    ):
        """A notice of a stay to one unit (optional table `notices`); `due` may be None."""
        return self.add(
            "notices",
            stay_id=stay_id,
            person_key=person,
            kind=kind,
            unit_id=to,
            sender_unit_id=sender,
            due_time=local(due) if due else None,
            sent_time=local(sent) if sent else None,
            acknowledged_time=local(acknowledged) if acknowledged else None,
        )

    def area(self, code, name, subarea, population):
        return self.add(
            "areas",
            municipality_code=code,
            municipality_name=name,
            county_code=code[:2],
            subarea=subarea,
            population=population,
            population_year=2024,
        )

    def persons(self, prefix: str, count: int, **fields) -> list[str]:
        keys = [f"{prefix}{i:03d}" for i in range(count)]
        for key in keys:
            self.person(key, **fields)
        return keys

    def write(self, root: Path, *, omit=(), version=1) -> Path:
        """Write every required table and each optional table that has rows (or is named in
        no `omit`), plus manifest.json."""
        root = Path(root)
        root.mkdir(parents=True, exist_ok=True)
        counts = {}
        for name, spec in TABLES.items():
            if name in omit or (not spec.required and not self.rows[name]):
                continue
            fields = [pa.field(c.name, ARROW_TYPES[c.kind]) for c in spec.columns]
            fields += [pa.field(n, t) for n, t in self.extra_columns.get(name, {}).items()]
            schema = pa.schema(fields)
            table = pa.Table.from_pylist(
                [{f.name: row.get(f.name) for f in schema} for row in self.rows[name]], schema
            )
            pq.write_table(table, root / f"{name}.parquet")
            counts[name] = table.num_rows
        manifest = {
            "contract_version": version,
            "created": "2026-01-01T00:00:00+00:00",
            "row_counts": counts,
            "source": "test",
        }
        (root / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
        return root
