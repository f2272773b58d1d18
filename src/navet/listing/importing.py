"""Bulk import of a listing file (listningsfil): CSV with personnummer, the health centre's
HSA-id and the date the listing starts.

Every row is validated before anything is written, and every problem is reported with its row
number. By default nothing is imported if any row is invalid (one transaction: all rows or
none); `valid_only` imports the valid rows and reports the others; `check_only` writes nothing.
Each listing goes through `services.change_listing` (the same rules as the UI: one listing at a
time, the change limit, the listing cap), so each also opens its care relationship and writes its
audit row. Importing the same file again changes nothing (each row's idempotency key is the
file's SHA-256 and the row number).

Messages never name the person nor reveal where else they are or were listed: the person who
uploads the file may not have access to them.
"""

from __future__ import annotations

import csv
import hashlib
import io
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from django.utils import timezone

from navet.access.services import Actor, record
from navet.identifiers import IdentifierError, parse_hsa_id, parse_identity_number
from navet.listing import selectors, services
from navet.listing.errors import ListingError
from navet.listing.models import ImportMode, ListingImport
from navet.organisation.models import CareUnit
from navet.residents.models import ListingOrigin, Person

MAX_ROWS = 200_000
COLUMNS = {
    "personnummer": ("personnummer", "identitetsnummer", "person"),
    "hsa_id": ("hsa_id", "hsa-id", "enhet", "enhet_hsa_id", "vardcentral", "vårdcentral"),
    "datum": ("datum", "listad_fran", "listad_från", "fran", "från", "date"),
}
OPTIONAL = {"ursprung": ("ursprung", "origin")}
ORIGINS = {
    "": ListingOrigin.ACTIVE_CHOICE,
    "aktivt_val": ListingOrigin.ACTIVE_CHOICE,
    "aktivt val": ListingOrigin.ACTIVE_CHOICE,
    "active_choice": ListingOrigin.ACTIVE_CHOICE,
    "automatisk": ListingOrigin.AUTOMATIC,
    "automatisk listning": ListingOrigin.AUTOMATIC,
    "automatic": ListingOrigin.AUTOMATIC,
}
# Refusals whose service message would reveal more than the file holds: neutral words instead.
DISCREET = {
    "later_listing": "Personen har redan en listning som börjar efter datumet.",
    "before_current": "Personens nuvarande listning började samma dag eller senare.",
    "deceased": "Personen är avliden före datumet.",
}


@dataclass(frozen=True)
class RowError:
    row: int | None  # None: the whole file
    field: str
    value: str
    message: str

    def __str__(self) -> str:
        where = "filen" if self.row is None else f"rad {self.row}"
        what = f", {self.field}" if self.field else ""
        value = f' "{self.value}"' if self.value else ""
        return f"{where}{what}{value}: {self.message}"


@dataclass
class ImportReport:
    file_name: str
    mode: str
    rows: int = 0
    listed: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    committed: bool = False
    record_id: int | None = None

    @property
    def invalid(self) -> int:
        return len({e.row for e in self.errors if e.row is not None})

    @property
    def valid(self) -> int:
        return self.rows - self.invalid

    @property
    def file_error(self) -> bool:
        return any(e.row is None for e in self.errors)

    def summary(self) -> str:
        if self.file_error:
            return "Filen kunde inte läsas. Inget importerades."
        if self.mode == ImportMode.CHECK_ONLY:
            return (
                f"Kontroll: {self.rows} rader, {self.valid} giltiga, {self.invalid} med fel. "
                "Inget importerades."
            )
        if not self.committed:
            return (
                f"{self.rows} rader, {self.invalid} med fel. Inget importerades: rätta felen "
                "och importera filen igen, eller importera bara de giltiga raderna."
            )
        skipped = f", {self.invalid} rader med fel hoppades över" if self.invalid else ""
        return (
            f"{self.rows} rader: {self.listed} nya listningar, "
            f"{self.unchanged} oförändrade{skipped}."
        )


@dataclass
class _Row:
    number: int
    person: Person
    unit: CareUnit
    day: date
    origin: str


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise _FileError(
            "Filen är inte UTF-8. Spara den som CSV UTF-8 (kommaavgränsad) och försök igen."
        ) from error


class _FileError(Exception):
    pass


def _header(names: list[str]) -> dict[str, int]:
    names = [n.strip().lower() for n in names]
    found: dict[str, int] = {}
    for column, aliases in {**COLUMNS, **OPTIONAL}.items():
        hits = [i for i, name in enumerate(names) if name in aliases]
        if len(hits) > 1:
            raise _FileError(f"Kolumnen {column} finns flera gånger i rubrikraden.")
        if hits:
            found[column] = hits[0]
        elif column in COLUMNS:
            raise _FileError(
                f"Kolumnen {column} saknas i rubrikraden. Filen ska ha kolumnerna "
                "personnummer, hsa_id och datum (och får ha ursprung)."
            )
    return found


def _read(text: str) -> tuple[dict[str, int], int, list[tuple[int, list[str]]]]:
    """The header's columns, its width, and the non-blank rows with their line numbers."""
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader)
    except StopIteration:
        raise _FileError("Filen är tom.") from None
    columns = _header(header)
    rows = []
    for cells in reader:
        if not any(c.strip() for c in cells):
            continue
        rows.append((reader.line_num, cells))
        if len(rows) > MAX_ROWS:
            raise _FileError(f"Filen har fler än {MAX_ROWS} rader. Dela upp den.")
    return columns, len(header), rows


def _validate(
    columns: dict[str, int],
    rows: list[tuple[int, list[str]]],
    *,
    width: int,
    today: date,
    allowed_unit_ids: frozenset[int] | None,
) -> tuple[list[_Row], list[RowError]]:
    """Parse and check every row; the domain rules run against the database and the rows before
    them in the file (one row per person, the listing caps)."""
    errors: list[RowError] = []
    parsed: list[tuple[int, str, str, date, str]] = []
    for number, cells in rows:
        if len(cells) != width:
            errors.append(
                RowError(number, "", "", f"Raden har {len(cells)} fält; rubrikraden har {width}.")
            )
            continue
        value = {name: cells[i].strip() for name, i in columns.items()}
        ok = True
        try:
            identifier = parse_identity_number(value["personnummer"], reference_date=today)
        except IdentifierError as error:
            errors.append(RowError(number, "personnummer", value["personnummer"], error.message))
            ok = False
        try:
            hsa_id = parse_hsa_id(value["hsa_id"])
        except IdentifierError as error:
            errors.append(RowError(number, "hsa_id", value["hsa_id"], error.message))
            ok = False
        try:
            day = date.fromisoformat(value["datum"])
            if len(value["datum"]) != 10:
                raise ValueError
        except ValueError:
            errors.append(
                RowError(number, "datum", value["datum"], "Ogiltigt datum: skriv ÅÅÅÅ-MM-DD.")
            )
            ok = False
        else:
            if day > today:
                errors.append(
                    RowError(number, "datum", value["datum"], "Datumet ligger i framtiden.")
                )
                ok = False
        origin_text = value.get("ursprung", "").lower()
        if origin_text not in ORIGINS:
            errors.append(
                RowError(
                    number,
                    "ursprung",
                    value["ursprung"],
                    "Okänt ursprung: skriv aktivt_val eller automatisk (eller lämna tomt).",
                )
            )
            ok = False
        if ok:
            parsed.append((number, identifier.normalised, hsa_id, day, ORIGINS[origin_text]))

    persons = {
        p.identifier: p for p in Person.objects.filter(identifier__in={p[1] for p in parsed})
    }
    units = {u.hsa_id: u for u in CareUnit.objects.filter(hsa_id__in={p[2] for p in parsed})}
    seen: dict[str, int] = {}
    headroom: Counter = Counter()
    good: list[_Row] = []
    for number, identifier, hsa_id, day, origin in parsed:
        person, unit = persons.get(identifier), units.get(hsa_id)
        row_errors = []
        if person is None:
            row_errors.append(
                RowError(
                    number, "personnummer", identifier, "Ingen person med numret finns i Navet."
                )
            )
        elif identifier in seen:
            row_errors.append(
                RowError(
                    number,
                    "personnummer",
                    identifier,
                    f"Personen finns redan på rad {seen[identifier]}: "
                    "en listning per person och fil.",
                )
            )
        if unit is None:
            row_errors.append(RowError(number, "hsa_id", hsa_id, "Ingen enhet med HSA-id:t finns."))
        elif allowed_unit_ids is not None and unit.pk not in allowed_unit_ids:
            row_errors.append(
                RowError(
                    number,
                    "hsa_id",
                    hsa_id,
                    f"Du kan bara importera listningar till enheter du är verksamhetschef för, "
                    f"inte till {unit.name}.",
                )
            )
        seen.setdefault(identifier, number)
        if row_errors:
            errors.extend(row_errors)
            continue
        try:
            services.check_listing(person=person, unit=unit, on=day, origin=origin)
        except ListingError as error:
            message = DISCREET.get(error.code, error.message)
            if error.code == "change_limit":
                possible = selectors.next_change_possible(person, on=day)
                message = (
                    "Personen har redan bytt vårdcentral det högsta antalet gånger de senaste "
                    f"12 månaderna; nästa byte kan gälla från {possible.isoformat()}."
                )
            errors.append(RowError(number, "", "", message))
            continue
        current = selectors.current_listing(person, on=day)
        if unit.listing_cap is not None and (current is None or current.unit_id != unit.pk):
            headroom[unit.pk] += 1
            if selectors.listed_count(unit, on=day) + headroom[unit.pk] > unit.listing_cap:
                errors.append(
                    RowError(
                        number,
                        "hsa_id",
                        hsa_id,
                        f"{unit.name} når sitt listningstak ({unit.listing_cap}) "
                        "vid den här raden.",
                    )
                )
                continue
        good.append(_Row(number, person, unit, day, origin))
    return good, errors


def _apply(row: _Row, *, actor: Actor, digest: str) -> bool:
    result = services.change_listing(
        actor=actor,
        person=row.person,
        unit=row.unit,
        valid_from=row.day,
        origin=row.origin,
        key=f"import:{digest[:40]}:{row.number}",
        by=None,  # the uploader's authority over each unit was checked per row
    )
    return result.created


class _RollBack(Exception):
    pass


def import_listings(
    data: bytes,
    *,
    file_name: str,
    actor: Actor,
    user=None,
    mode: str = ImportMode.ALL_OR_NOTHING,
    allowed_unit_ids: frozenset[int] | None = None,
    today: date | None = None,
) -> ImportReport:
    """Validate and import a listing file; see the module docstring. `allowed_unit_ids` limits
    the units rows may list at (a unit head's own units); None allows every health centre."""
    today = today or timezone.localdate()
    report = ImportReport(file_name=file_name, mode=mode)
    digest = hashlib.sha256(data).hexdigest()
    try:
        columns, width, rows = _read(_decode(data))
    except _FileError as error:
        report.errors.append(RowError(None, "", "", str(error)))
        return _finish(report, actor=actor, user=user, digest=digest)
    report.rows = len(rows)
    good, errors = _validate(
        columns, rows, width=width, today=today, allowed_unit_ids=allowed_unit_ids
    )
    report.errors = sorted(errors, key=lambda e: e.row or 0)
    if mode == ImportMode.CHECK_ONLY or (errors and mode == ImportMode.ALL_OR_NOTHING):
        return _finish(report, actor=actor, user=user, digest=digest)
    if mode == ImportMode.ALL_OR_NOTHING:
        try:
            with transaction.atomic():
                for row in good:
                    try:
                        created = _apply(row, actor=actor, digest=digest)
                    except ListingError as error:
                        report.errors.append(
                            RowError(row.number, "", "", DISCREET.get(error.code, error.message))
                        )
                        raise _RollBack from error
                    report.listed += created
                    report.unchanged += not created
        except _RollBack:
            report.listed = report.unchanged = 0
            return _finish(report, actor=actor, user=user, digest=digest)
    else:
        for row in good:
            try:
                with transaction.atomic():
                    created = _apply(row, actor=actor, digest=digest)
            except ListingError as error:
                report.errors.append(
                    RowError(row.number, "", "", DISCREET.get(error.code, error.message))
                )
                continue
            report.listed += created
            report.unchanged += not created
        report.errors.sort(key=lambda e: e.row or 0)
    report.committed = True
    return _finish(report, actor=actor, user=user, digest=digest)


def _finish(report: ImportReport, *, actor: Actor, user, digest: str) -> ImportReport:
    run = ListingImport.objects.create(
        user=user if user is not None and user.is_authenticated else None,
        actor_name=actor.username,
        file_name=report.file_name[:255],
        sha256=digest,
        mode=report.mode,
        rows=report.rows,
        listed=report.listed,
        unchanged=report.unchanged,
        invalid=report.invalid,
        committed=report.committed,
        errors=[e.__dict__ for e in report.errors[:1000]],
    )
    record(
        actor,
        action="create" if report.committed else "maintenance",
        object_type="listingimport",
        object_id=run.pk,
        detail=f"{report.file_name[:200]}: {report.summary()}"[:500],
    )
    report.record_id = run.pk
    return report
