"""The snapshot's tables as Ibis expressions, and who a person is on a given day.

Builders ask `Inputs` for tables and for person attributes (age band, municipality of residence,
living situation, listing) either on one fixed day (stock measures at the period end) or on the
day of each event (age at discharge, municipality at admission). All dates are day numbers
(see days.py).
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import ibis

from navet.followup.contract import Snapshot
from navet.followup.days import LOCAL_ZONE, date_day, day_number
from navet.followup.engine import Engine

AGE_BANDS = (("0-17", 18), ("18-64", 65), ("65-79", 80), ("80+", None))
# attribute → (optional history table, its value column)
HISTORIES = {
    "municipality": ("residence_history", "municipality_code"),
    "living_situation": ("living_situation_history", "living_situation"),
}
OPEN_END = 10_000_000  # a day number far beyond any real date, for "still valid"
PERSON_COLUMNS = ("person_key", "sex", "birth_date", "age_band", "municipality", "living_situation")


def birthday(birth_date: ibis.Value, years: int) -> ibis.Value:
    """Day number of the day a person born on `birth_date` turns `years` (29 Feb → 28 Feb)."""
    return date_day(birth_date + ibis.interval(years=years))


def age_band(birth_date: ibis.Value, day: ibis.Value) -> ibis.Value:
    """The age band on `day` (a day number), from the birthdays that start each band."""
    cases = [(day < birthday(birth_date, limit), band) for band, limit in AGE_BANDS if limit]
    return ibis.cases(*cases, else_=AGE_BANDS[-1][0])


def left_join(left: ibis.Table, right: ibis.Table, keys: str | list[str]) -> ibis.Table:
    """A left join on equal-named keys that keeps one copy of each key (ibis keeps the right
    side's as `<key>_right`, null where nothing matched)."""
    keys = [keys] if isinstance(keys, str) else list(keys)
    joined = left.left_join(right, keys)
    return joined.drop(*[f"{key}_right" for key in keys])


def valid_on(table: ibis.Table, day: ibis.Value | int) -> ibis.Value:
    """Inclusive validity: from_day ≤ day ≤ to_day (an open end is OPEN_END, see history)."""
    return (table.from_day <= day) & (table.to_day >= day)


class Inputs:
    def __init__(self, engine: Engine, snapshot: Snapshot) -> None:
        self.engine = engine
        self.snapshot = snapshot
        self._shared: dict[tuple, tuple[str, ibis.Table]] = {}

    def has(self, table: str, column: str | None = None) -> bool:
        return self.snapshot.has(table, column)

    def snapshot_day(self) -> int:
        """Day number of the Swedish local date the snapshot was made (manifest `created`)."""
        created = dt.datetime.fromisoformat(self.snapshot.manifest["created"])
        if created.tzinfo is not None:
            created = created.astimezone(ZoneInfo(LOCAL_ZONE))
        return day_number(created.date())

    def table(self, name: str) -> ibis.Table:
        return self.engine.read_parquet(self.snapshot.path(name), f"snapshot_{name}")

    def shared(self, key: tuple, build) -> ibis.Table:
        """An intermediate result several indicators use (a clean history, the people on a day,
        care episodes): computed once on the engine and kept until `release`. Besides saving
        work, a materialised table is a leaf for Ibis, which keeps the expressions built on it
        small: Ibis' compile time grows quickly with the depth of an expression."""
        if key not in self._shared:
            name = self.engine.materialise(build())
            self._shared[key] = (name, self.engine.backend.table(name))
        return self._shared[key][1]

    def release(self) -> None:
        for name, _ in self._shared.values():
            self.engine.drop(name)
        self._shared.clear()

    # Histories with day numbers and without overlaps ---------------------------------------

    def history(self, name: str, *columns: str, per: tuple[str, ...] = ()) -> ibis.Table:
        """A validity table as (person_key, *columns, from_day, to_day) in which an open end
        (null valid_to) is OPEN_END, so that range joins are plain comparisons (an OR with
        IS NULL turns DuckDB's hash join into a nested loop), and in which the periods of
        one person (and of each value of the `per` columns) never overlap: a period ends at the
        latest the day before the next begins. Overlaps are data errors, but clipping them
        keeps every day-lookup to one row."""

        def build() -> ibis.Table:
            t = self.table(name)
            t = t.select(
                "person_key", *columns, from_day=date_day(t.valid_from), to_day=date_day(t.valid_to)
            )
            following = t.from_day.lead().over(
                group_by=[t.person_key, *[t[c] for c in per]],
                order_by=[t.from_day, *[t[c] for c in columns]],
            )
            clipped = ibis.cases(
                (following.isnull(), t.to_day),
                (t.to_day.isnull() | (t.to_day >= following), following - 1),
                else_=t.to_day,
            )
            t = t.mutate(to_day=clipped.fill_null(OPEN_END))
            return t.filter(t.to_day >= t.from_day)

        return self.shared(("history", name, columns, per), build)

    def named_contacts(self) -> ibis.Table:
        """One contact per person and role at a time (a new one replaces the old)."""
        return self.history("named_contacts", "role", "staff_key", "unit_id", per=("role",))

    def listings(self) -> ibis.Table:
        columns = ("unit_id", "origin") if self.has("listings", "origin") else ("unit_id",)
        return self.history("listings", *columns)

    # People -------------------------------------------------------------------------------

    def persons(self) -> ibis.Table:
        """`persons` with day numbers and, per optional history, whether the person has any
        rows in it: a person with a history is described by it alone (a gap means "not
        resident then"), a person without one by the `persons` row (how things are now)."""

        def build() -> ibis.Table:
            p = self.table("persons")
            p = p.select(
                "person_key",
                "sex",
                "birth_date",
                "living_situation",
                municipality=p.municipality_code,
                birth_day=date_day(p.birth_date),
                death_day=date_day(p.death_date),
            )
            for history, _ in HISTORIES.values():
                if self.has(history):
                    keys = self.table(history).select("person_key").distinct()
                    keys = keys.mutate(**{f"in_{history}": ibis.literal(True)})
                    p = left_join(p, keys, "person_key")
                    p = p.mutate(**{f"in_{history}": p[f"in_{history}"].fill_null(False)})
            return p

        return self.shared(("persons",), build)

    def _as_on(self, t: ibis.Table, day: ibis.Value | int, attribute: str) -> ibis.Table:
        """Replace `attribute` (taken from `persons`) by its value on `day` (a day number, or
        a column of day numbers) in the attribute's history, for persons who have one."""
        history, column = HISTORIES[attribute]
        if not self.has(history):
            return t
        flag = f"in_{history}"
        h = self.history(history, column).select("person_key", column, "from_day", "to_day")
        h = h.rename(h_person="person_key", h_value=column)
        if isinstance(day, int):
            h = h.filter(valid_on(h, day))
            joined = t.left_join(h, t.person_key == h.h_person)
        else:
            joined = t.left_join(
                h,
                [
                    t.person_key == h.h_person,
                    h.from_day <= day,
                    h.to_day >= day,
                ],
            )
        joined = joined.mutate(
            **{attribute: ibis.ifelse(joined[flag], joined.h_value, joined[attribute])}
        )
        return joined.drop("h_person", "h_value", "from_day", "to_day")

    def listing_on(self, day: int) -> ibis.Table:
        """(person_key, unit, origin?) for listings valid on `day`, one per person."""
        h = self.listings()
        return h.filter(valid_on(h, day)).rename(unit="unit_id").drop("from_day", "to_day")

    def people_on(self, day: int) -> ibis.Table:
        """Everyone in `persons` with who they are on `day`: sex, birth_date, age band,
        municipality of residence (null: not resident then), living situation, listing unit,
        and `alive` (born by `day` and not dead on it)."""
        return self.shared(("people_on", day), lambda: self._people_on(day))

    def _people_on(self, day: int) -> ibis.Table:
        p = self.persons()
        p = p.mutate(
            age_band=age_band(p.birth_date, ibis.literal(day)),
            alive=(p.birth_day <= day) & (p.death_day.isnull() | (p.death_day > day)),
        )
        for attribute in HISTORIES:
            p = self._as_on(p, day, attribute)
        p = left_join(p, self.listing_on(day).select("person_key", "unit"), "person_key")
        return p.select(*PERSON_COLUMNS, "alive", "unit")

    def at_event(self, records: ibis.Table, day: str, *, listing: bool = False) -> ibis.Table:
        """Add sex, birth_date, age_band, municipality and living_situation as of each record's
        own day (column `day`, a day number) — age at discharge, residence at admission — and
        with `listing` the unit the person was listed at that day (`listed_unit`)."""
        p = self.persons().drop("birth_day", "death_day")
        out = left_join(records, p, "person_key")
        out = out.mutate(age_band=age_band(out.birth_date, out[day]))
        for attribute in HISTORIES:
            out = self._as_on(out, out[day], attribute)
        flags = [f"in_{history}" for history, _ in HISTORIES.values()]
        out = out.drop(*[flag for flag in flags if flag in out.columns])
        if listing:
            h = self.listings().select("person_key", "unit_id", "from_day", "to_day")
            h = h.rename(l_person="person_key", listed_unit="unit_id")
            out = out.left_join(
                h,
                [
                    out.person_key == h.l_person,
                    h.from_day <= out[day],
                    h.to_day >= out[day],
                ],
            )
            out = out.drop("l_person", "from_day", "to_day")
        return out

    # Places -------------------------------------------------------------------------------

    def units(self) -> ibis.Table:
        return self.table("units").select(
            "unit_id", "kind", unit_municipality="municipality_code", unit_subarea="subarea"
        )

    def geography(self) -> ibis.Table:
        """municipality → subarea: from `areas` when present, else from the units."""
        if self.has("areas"):
            a = self.table("areas")
            return a.select(municipality=a.municipality_code, subarea=a.subarea).distinct()
        u = self.table("units")
        u = u.filter(u.subarea.notnull())
        return u.group_by(municipality=u.municipality_code).aggregate(subarea=u.subarea.min())
