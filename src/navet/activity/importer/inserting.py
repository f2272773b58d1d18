"""Fast INSERT of validated rows: COPY on PostgreSQL, executemany elsewhere (SQLite).

bulk_create builds a model and compiles SQL for every row, which took twice as long on a million
rows. The activity models have no save() logic or defaults, and the parsers already produce each
field's Python type, so only the backend's adaptation of dates and datetimes (what
Field.get_db_prep_save ends in) is left to do. Call inside the import's transaction.
"""

from __future__ import annotations

from django.db import connection, models

BATCH = 2_000  # rows per executemany call
_ADAPTERS = {"DateField": "adapt_datefield_value", "DateTimeField": "adapt_datetimefield_value"}


def insert_rows(model: type[models.Model], attnames: tuple[str, ...], rows: list[tuple]) -> None:
    """Insert `rows` (values in `attnames` order) into `model`'s table."""
    if not rows:
        return
    fields = [model._meta.get_field(attname) for attname in attnames]
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    columns = ", ".join(quote(field.column) for field in fields)
    with connection.cursor() as cursor:
        raw = cursor.cursor
        if connection.vendor == "postgresql" and hasattr(raw, "copy"):  # psycopg 3
            with raw.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        placeholders = ", ".join(["%s"] * len(fields))
        # Names come from the model's _meta and are quoted; every value is a query parameter.
        sql = f"INSERT INTO {table} ({columns}) VALUES ({placeholders})"  # noqa: S608
        adapters = [
            (index, getattr(connection.ops, _ADAPTERS[field.get_internal_type()]))
            for index, field in enumerate(fields)
            if field.get_internal_type() in _ADAPTERS
        ]
        for start in range(0, len(rows), BATCH):
            params = [list(row) for row in rows[start : start + BATCH]]
            for row in params:
                for index, adapt in adapters:
                    row[index] = adapt(row[index])
            cursor.executemany(sql, params)
