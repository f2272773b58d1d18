"""The snapshot's tables as Ibis expressions, and who a person is on a given day.

Builders ask `Inputs` for tables and for person attributes (age band, municipality of residence,
living situation, listing) either on one fixed day (stock measures at the period end) or on the
day of each event (age at discharge, municipality at admission). All dates are day numbers
(see days.py).
"""

from __future__ import annotations

import calendar
import datetime as dt
import threading
from zoneinfo import ZoneInfo

import ibis

from navet.followup.contract import Snapshot
from navet.followup.days import LOCAL_ZONE, date_day, day_number, from_day_number
from navet.followup.engine import Engine

AGE_BANDS = (("0-17", 18), ("18-64", 65), ("65-79", 80), ("80+", None))
# attribute → (optional history table, its value column)
HISTORIES = {
    "municipality": ("residence_history", "municipality_code"),
    "living_situation": ("living_situation_history", "living_situation"),
}
# Attributes kept as small whole-number codes in the shared tables (persons, histories, the
# people on a day), with the (table, column) pairs their values come from. Codes follow the
# order of the values, so ordering by a code orders as the text did; aggregate.py turns them
# back into text after the grouping.
CODED = {
    "municipality": (("persons", "municipality_code"), ("residence_history", "municipality_code")),
    "living_situation": (
        ("persons", "living_situation"),
        ("living_situation_history", "living_situation"),
    ),
    "unit": (("units", "unit_id"), ("listings", "unit_id")),
}
CODED_HISTORY_COLUMNS = {
    ("residence_history", "municipality_code"): "municipality",
    ("living_situation_history", "living_situation"): "living_situation",
    ("listings", "unit_id"): "unit",
}
OPEN_END = 10_000_000  # a day number far beyond any real date, for "still valid"
PERSON_COLUMNS = ("pid", "sex", "birth_date", "age_band", "municipality", "living_situation")
NO_KEY = ibis.null("string")


def birthday(birth_date: ibis.Value, years: int) -> ibis.Value:
    """Day number of the day a person born on `birth_date` turns `years` (29 Feb → 28 Feb)."""
    return date_day(birth_date + ibis.interval(years=years))


def add_years(day: dt.date, years: int) -> dt.date:
    """The same date `years` later (29 Feb → 28 Feb), as `birthday` computes it."""
    year = day.year + years
    if day.month == 2 and day.day == 29 and not calendar.isleap(year):
        return dt.date(year, 2, 28)
    return day.replace(year=year)


def latest_birth_date(day: int, years: int) -> dt.date:
    """The latest birth date of someone who has turned `years` by `day` (a day number):
    birthday(b, years) ≤ day exactly when b ≤ this date, since birthdays keep the order of
    birth dates."""
    on = from_day_number(day)
    candidate = add_years(on, -years)
    while add_years(candidate, years) > on:
        candidate -= dt.timedelta(days=1)
    while add_years(candidate + dt.timedelta(days=1), years) <= on:
        candidate += dt.timedelta(days=1)
    return candidate


def aged(birth_date: ibis.Value, years: int, day: int | ibis.Value) -> ibis.Value:
    """Whether someone born on `birth_date` has turned `years` by `day` (a day number or a
    column of them). On a fixed day this is one date comparison per row."""
    if isinstance(day, int):
        return birth_date <= ibis.literal(latest_birth_date(day, years))
    return birthday(birth_date, years) <= day


def age_band(birth_date: ibis.Value, day: int | ibis.Value) -> ibis.Value:
    """The age band on `day` (a day number, or a column of them), from the birthdays that
    start each band."""
    cases = [(~aged(birth_date, limit, day), band) for band, limit in AGE_BANDS if limit]
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
    """The snapshot's tables, and the shared intermediate tables built from them once per run.

    Persons get a dense whole-number id, `pid`, when `persons` is first read: the histories and
    the people on a day are keyed by it, so the joins that place every event and every person
    compare integers instead of 32-character pseudonyms, and the kept tables are smaller. For
    the same reason municipalities, living situations and listing units are codes there (see
    CODED and `dictionary`): joins, windows and groupings on them compare integers, and the text
    is looked up only for the cells.
    Events still carry `person_key`; `at_event` and `person_ids` translate it. An event whose
    person_key is not in `persons` gets a null pid and keeps its key in `subject_key`, so that it
    is still counted as its own person (see common.records).
    """

    def __init__(self, engine: Engine, snapshot: Snapshot) -> None:
        self.engine = engine
        self.snapshot = snapshot
        self._shared: dict[tuple, tuple[str, ibis.Table]] = {}
        self._decoders: dict[str, dict[int, str]] = {}
        # Indicator families may run in parallel (runner.run): a shared table is built once,
        # by the first family that asks; the others wait for it.
        self._lock = threading.Lock()
        self._building: dict[tuple, threading.Lock] = {}

    def has(self, table: str, column: str | None = None) -> bool:
        return self.snapshot.has(table, column)

    def snapshot_day(self) -> int:
        """Day number of the Swedish local date the snapshot was made (manifest `created`)."""
        created = dt.datetime.fromisoformat(self.snapshot.manifest["created"])
        if created.tzinfo is not None:
            created = created.astimezone(ZoneInfo(LOCAL_ZONE))
        return day_number(created.date())

    def table(self, name: str) -> ibis.Table:
        return self.engine.read_parquet(self.snapshot.source(name), f"snapshot_{name}")

    def shared(self, key: tuple, build) -> ibis.Table:
        """An intermediate result several indicators use (a clean history, the people on a day,
        care episodes): computed once on the engine and kept until `release`. Besides saving
        work, a materialised table is a leaf for Ibis, which keeps the expressions built on it
        small: Ibis' compile time grows quickly with the depth of an expression."""
        with self._lock:
            if key in self._shared:
                return self._shared[key][1]
            building = self._building.setdefault(key, threading.Lock())
        with building:
            with self._lock:
                if key in self._shared:
                    return self._shared[key][1]
            name = self.engine.materialise(build())
            table = self.engine.table(name)
            with self._lock:
                self._shared[key] = (name, table)
            return table

    def release(self) -> None:
        for name, _ in self._shared.values():
            self.engine.drop(name)
        self._shared.clear()
        self._building.clear()

    # Codes --------------------------------------------------------------------------------

    def dictionary(self, attribute: str) -> ibis.Table:
        """(code, value) for every value of a CODED attribute in the snapshot; codes are dense
        and follow the engine's order of the values."""

        def build() -> ibis.Table:
            parts = [
                self.table(table).select(value=self.table(table)[column])
                for table, column in CODED[attribute]
                if self.has(table, column)
            ]
            values = ibis.union(*parts, distinct=True) if len(parts) > 1 else parts[0].distinct()
            values = values.filter(values.value.notnull())
            return values.mutate(code=ibis.dense_rank().over(order_by=values.value))

        return self.shared(("dictionary", attribute), build)

    def encode(self, table: ibis.Table, column: str, attribute: str) -> ibis.Table:
        """`table` with its text `column` replaced by the attribute's code (null stays null)."""
        code, value = f"{column}__code", f"{column}__value"
        d = self.dictionary(attribute).rename(**{code: "code", value: "value"})
        joined = table.left_join(d, table[column] == d[value])
        return joined.mutate(**{column: joined[code]}).drop(code, value)

    def decoder(self, attribute: str) -> dict[int, str]:
        """code → value, fetched once (a few hundred rows at most)."""
        if attribute not in self._decoders:
            frame = self.engine.to_pandas(self.dictionary(attribute))
            self._decoders[attribute] = dict(zip(frame.code, frame.value, strict=True))
        return self._decoders[attribute]

    def codes(self, attribute: str, values) -> list[int]:
        """The codes of `values` (values the snapshot does not have are left out)."""
        wanted = set(values)
        return sorted(code for code, value in self.decoder(attribute).items() if value in wanted)

    # People -------------------------------------------------------------------------------

    def persons(self) -> ibis.Table:
        """`persons` with a dense id `pid` and day numbers."""

        def build() -> ibis.Table:
            p = self.encode(self.table("persons"), "municipality_code", "municipality")
            p = self.encode(p, "living_situation", "living_situation")
            return p.select(
                pid=ibis.row_number(),
                person_key=p.person_key,
                sex=p.sex,
                birth_date=p.birth_date,
                living_situation=p.living_situation,
                municipality=p.municipality_code,
                birth_day=date_day(p.birth_date),
                death_day=date_day(p.death_date),
            )

        return self.shared(("persons",), build)

    def person_ids(self, table: ibis.Table) -> ibis.Table:
        """`table` (with person_key) with `pid` instead, for persons in `persons` only (rows of
        anyone else are dropped: use it where the rows meet persons later anyway)."""
        ids = self.persons().select("pid", ids_key="person_key")
        joined = table.join(ids, table.person_key == ids.ids_key)
        return joined.drop("person_key", "ids_key")

    def with_pid(self, table: ibis.Table) -> ibis.Table:
        """`table` (with person_key) with `pid` and `subject_key` instead: rows of a person
        missing from `persons` keep a null pid and their person_key in `subject_key`, so that
        (pid, subject_key) still tells persons apart."""
        ids = self.persons().select("pid", ids_key="person_key")
        joined = table.left_join(ids, table.person_key == ids.ids_key)
        joined = joined.mutate(
            subject_key=ibis.ifelse(joined.pid.isnull(), joined.person_key, NO_KEY)
        )
        return joined.drop("person_key", "ids_key")

    # Histories with day numbers and without overlaps ---------------------------------------

    def history(self, name: str, *columns: str, per: tuple[str, ...] = ()) -> ibis.Table:
        """A validity table as (pid, *columns, from_day, to_day) in which an open end (null
        valid_to) is OPEN_END, so that range joins are plain comparisons (an OR with IS NULL
        turns DuckDB's hash join into a nested loop), and in which the periods of one person
        (and of each value of the `per` columns) never overlap: a period ends at the latest the
        day before the next begins. Overlaps are data errors, but clipping them keeps every
        day-lookup to one row. A period clipped away entirely (or given with valid_to before
        valid_from) is kept with to_day < from_day: it never matches a day, but shows that the
        person has a history. Rows of persons not in `persons` are left out: nothing looks them
        up."""
        return self.shared(
            ("history", name, columns, per), lambda: self._history(name, columns, per)
        )

    def _history(self, name: str, columns: tuple[str, ...], per: tuple[str, ...]) -> ibis.Table:
        t = self.table(name)
        for column in columns:
            if (name, column) in CODED_HISTORY_COLUMNS:
                t = self.encode(t, column, CODED_HISTORY_COLUMNS[name, column])
        t = self.person_ids(t)
        t = t.select("pid", *columns, from_day=date_day(t.valid_from), to_day=date_day(t.valid_to))
        following = t.from_day.lead().over(
            group_by=[t.pid, *[t[c] for c in per]],
            order_by=[t.from_day, *[t[c] for c in columns]],
        )
        clipped = ibis.cases(
            (following.isnull(), t.to_day),
            (t.to_day.isnull() | (t.to_day >= following), following - 1),
            else_=t.to_day,
        )
        return t.mutate(to_day=clipped.fill_null(OPEN_END))

    def attribute_history(self, attribute: str) -> ibis.Table:
        """(pid, <attribute>, from_day, to_day) where each person is on each day, complete: a
        person with rows in the attribute's history table is described by them alone (a gap
        means "not resident then"), a person without any by the `persons` row (how things are
        now), as one period without ends. So a day-lookup needs this one table."""
        history, column = HISTORIES[attribute]

        def build() -> ibis.Table:
            h = self._history(history, (column,), ())
            h = h.select("pid", from_day=h.from_day, to_day=h.to_day, **{attribute: h[column]})
            p = self.persons()
            without = p.filter(~p.pid.isin(h.pid))
            rest = without.select(
                "pid",
                from_day=ibis.literal(-OPEN_END, "int64"),
                to_day=ibis.literal(OPEN_END, "int64"),
                **{attribute: without[attribute]},
            )
            return ibis.union(h, rest.select(*h.columns))

        return self.shared(("attribute_history", attribute), build)

    def named_contacts(self) -> ibis.Table:
        """One contact per person and role at a time (a new one replaces the old)."""
        return self.history("named_contacts", "role", "staff_key", "unit_id", per=("role",))

    def listings(self) -> ibis.Table:
        columns = ("unit_id", "origin") if self.has("listings", "origin") else ("unit_id",)
        return self.history("listings", *columns)

    def _as_on(self, t: ibis.Table, day: int | str, attribute: str) -> ibis.Table:
        """Replace `attribute` (taken from `persons`) by its value on `day` (a day number, or
        the name of a column of day numbers), from its history when the snapshot has one."""
        if not self.has(HISTORIES[attribute][0]):
            return t
        h = self.attribute_history(attribute).rename(h_pid="pid", h_value=attribute)
        t = t.drop(attribute)
        if isinstance(day, int):
            h = h.filter(valid_on(h, day))
            joined = t.left_join(h, t.pid == h.h_pid)
        else:
            on = [t.pid == h.h_pid, h.from_day <= t[day], h.to_day >= t[day]]
            joined = t.left_join(h, on)
        return joined.rename(**{attribute: "h_value"}).drop("h_pid", "from_day", "to_day")

    def listing_on(self, day: int) -> ibis.Table:
        """(pid, unit, origin?) for listings valid on `day`, one per person."""
        h = self.listings()
        return h.filter(valid_on(h, day)).rename(unit="unit_id").drop("from_day", "to_day")

    def people_on(self, day: int) -> ibis.Table:
        """Everyone in `persons` with who they are on `day`: pid, sex, birth_date, age band,
        municipality of residence (null: not resident then), living situation, listing unit,
        and `alive` (born by `day` and not dead on it)."""
        return self.shared(("people_on", day), lambda: self._people_on(day))

    def _people_on(self, day: int) -> ibis.Table:
        p = self.persons()
        p = p.select(
            "pid",
            "sex",
            "birth_date",
            "municipality",
            "living_situation",
            age_band=age_band(p.birth_date, day),
            alive=(p.birth_day <= day) & (p.death_day.isnull() | (p.death_day > day)),
        )
        for attribute in HISTORIES:
            p = self._as_on(p, day, attribute)
        p = left_join(p, self.listing_on(day).select("pid", "unit"), "pid")
        return p.select(*PERSON_COLUMNS, "alive", "unit")

    def at_event(self, records: ibis.Table, day: str, *, listing: bool = False) -> ibis.Table:
        """Add pid, sex, birth_date, age_band, municipality and living_situation as of each
        record's own day (column `day`, a day number) — age at discharge, residence at
        admission — and with `listing` the unit the person was listed at that day
        (`listed_unit`). Records name the person by `person_key`, or by `pid` and
        `subject_key` (see with_pid); records of a person_key missing from `persons` get a null
        pid and their key in `subject_key`."""
        columns = ("sex", "birth_date", "municipality", "living_situation")
        if "pid" in records.columns:
            p = self.persons().select(*columns, p_pid="pid")
            out = records.left_join(p, records.pid == p.p_pid).drop("p_pid")
        else:
            p = self.persons().select("pid", *columns, p_key="person_key")
            out = records.left_join(p, records.person_key == p.p_key).drop("p_key")
            out = out.mutate(subject_key=ibis.ifelse(out.pid.isnull(), out.person_key, NO_KEY))
        out = out.mutate(age_band=age_band(out.birth_date, out[day]))
        for attribute in HISTORIES:
            out = self._as_on(out, day, attribute)
        if listing:
            h = self.listings().select("pid", "unit_id", "from_day", "to_day")
            h = h.rename(l_pid="pid", listed_unit="unit_id")
            on = [out.pid == h.l_pid, h.from_day <= out[day], h.to_day >= out[day]]
            out = out.left_join(h, on).drop("l_pid", "from_day", "to_day")
        return out

    # Places -------------------------------------------------------------------------------

    def units(self) -> ibis.Table:
        """The units, with `unit_code`: the code a listing unit has (see CODED)."""
        u = self.table("units")
        u = u.select(
            "unit_id",
            "kind",
            unit_municipality="municipality_code",
            unit_subarea="subarea",
            unit_code="unit_id",
        )
        return self.encode(u, "unit_code", "unit")

    def geography(self) -> ibis.Table:
        """municipality → subarea: from `areas` when present, else from the units."""
        if self.has("areas"):
            a = self.table("areas")
            return a.select(municipality=a.municipality_code, subarea=a.subarea).distinct()
        u = self.table("units")
        u = u.filter(u.subarea.notnull())
        return u.group_by(municipality=u.municipality_code).aggregate(subarea=u.subarea.min())
