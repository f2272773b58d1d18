"""Helpers every indicator family uses to shape its records (see registry.py for the columns)."""

from __future__ import annotations

import datetime as dt

import ibis

from navet.followup.days import Period

NO_STRING = ibis.null("string")
NO_SUBJECT = ibis.null("int64")
# A coded attribute (see inputs.CODED) that a record does not have, for unions with records
# that have it.
NO_CODE = ibis.null("int64")
# The subject of records that are not about persons but each count as one (phone calls).
EACH_RECORD = ibis.literal(0, "int64")
BREAKDOWN_COLUMNS = ("sex", "age_band", "living_situation", "visit_band")


def records(
    table: ibis.Table,
    *,
    num: ibis.Value,
    den: ibis.Value | float,
    subject: ibis.Value | None,
    municipality: ibis.Value | None = None,
    unit: ibis.Value | None = None,
    **breakdowns: ibis.Value,
) -> ibis.Table:
    """Select the record columns from `table`.

    `subject` is the person a record is about (a pid), or EACH_RECORD, or None for records that
    count no one (a doctor's FTE). A record's subject counts in the numerator when num > 0 and
    in the denominator when den > 0. A person missing from `persons` has a null pid; the table's
    `subject_key` column (see Inputs.at_event) then tells such persons apart. Breakdown columns
    default to the table's own column of that name, if any.
    """
    num = ibis.literal(num) if isinstance(num, int | float) else num
    den = ibis.literal(den) if isinstance(den, int | float) else den
    num, den = num.cast("float64"), den.cast("float64")
    counted = subject is not None
    columns = {
        "num": num,
        "den": den,
        "subject": NO_SUBJECT if subject is None else subject.cast("int64"),
        "subject_key": table.subject_key if "subject_key" in table.columns else NO_STRING,
        "num_counted": (num > 0).cast("int64") if counted else ibis.literal(0, "int64"),
        "den_counted": (den > 0).cast("int64") if counted else ibis.literal(0, "int64"),
        "municipality": table.municipality if municipality is None else municipality,
        "unit": NO_STRING if unit is None else unit,
    }
    for name in BREAKDOWN_COLUMNS:
        if name in breakdowns:
            columns[name] = breakdowns[name]
        else:
            columns[name] = table[name] if name in table.columns else NO_STRING
    for name in ("municipality", "unit", "living_situation"):
        if columns[name].type().is_integer():  # a code (inputs.CODED): 32 bits on Spark
            columns[name] = columns[name].cast("int64")
    return table.select(**columns)


def window_start(period: Period, months: int) -> dt.date:
    """First day of a look-back window of `months` calendar months ending at the period end."""
    from navet.followup.days import months_before

    return months_before(period.end, months)


def between_dates(column: ibis.Value, first: dt.date, last: dt.date) -> ibis.Value:
    return column.between(ibis.literal(first), ibis.literal(last))


def between_days(column: ibis.Value, period: Period) -> ibis.Value:
    return column.between(period.first_day, period.last_day)
