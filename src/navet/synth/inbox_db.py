"""Inbox items (navet.messaging) of the synthetic database, shared by the loaders that write the
items the live services would have sent (discharge_db, home_db_inbox).

`Inbox` collects the items of several parts and inserts them in one go, so each part knows the
offsets of its items (for the rows that point at them). Moments are local seconds as elsewhere
in the generator; `NULL` (-1) is a due time or an acknowledgement that did not happen.

The backlog rule: an item nobody handled is open only when it is recent (`BACKLOG_DAYS` before
the end of the history); an older one was found and acknowledged late (`closed_late`), so the
inboxes hold a recent backlog, not years of it.
"""

from __future__ import annotations

import json

import numpy as np
import pyarrow as pa

from navet.messaging import config
from navet.messaging.models import InboxItem
from navet.synth.db_rows import ints, moments, strings
from navet.synth.timeutil import DAY

NULL = -1
BACKLOG_DAYS = 60
LATE_DAYS = (5, 20)  # how late a forgotten older item was acknowledged
COLUMNS = (
    "key", "to_unit", "kind", "purpose", "person", "subject", "body", "sender_unit",
    "sender_name", "source_type", "source_id", "url_name", "url_kwargs", "created", "due", "ack",
    "ack_name",
)  # fmt: skip


class Inbox:
    """Items collected from every part (`add` takes the COLUMNS as arrays: database ids for
    to_unit, person and sender_unit (-1: none), url_kwargs as dicts) and inserted in one go."""

    def __init__(self) -> None:
        self.parts: list[dict] = []
        self.n = 0

    def add(self, **columns) -> np.ndarray:
        count = len(columns["key"])
        missing = set(COLUMNS) - set(columns)
        if missing:
            raise ValueError(f"inbox items without {sorted(missing)}")
        self.parts.append(columns)
        self.n += count
        return np.arange(self.n - count, self.n)

    def rows(self, loader) -> tuple[dict, int]:
        """The items' columns under ids reserved from `loader`, and the first id."""
        base = loader.reserve(InboxItem, self.n)
        return self.columns(base), base

    def insert(self, loader, insert) -> int:
        """Insert the items (`insert(db_table, pa.Table)`); returns the id of the first."""
        if not self.n:
            return loader.reserve(InboxItem, 0)
        columns, base = self.rows(loader)
        insert(InboxItem._meta.db_table, pa.table(columns))
        return base

    def columns(self, base: int) -> dict:
        c = {k: np.concatenate([np.asarray(p[k], dtype=object if k in _TEXT else None)
                                for p in self.parts]) for k in COLUMNS}  # fmt: skip
        n, empty = self.n, strings([""] * self.n)
        acked = c["ack"] != NULL
        sender = np.asarray(c["sender_unit"], np.int64)
        person = np.asarray(c["person"], np.int64)
        return {
            "id": ints(base + np.arange(n)),
            "key": strings(c["key"]),
            "to_unit_id": ints(c["to_unit"]),
            "kind": strings(c["kind"]),
            "purpose": strings(c["purpose"]),
            "person_id": pa.array(person, mask=person < 0),
            "subject": strings(s[:200] for s in c["subject"]),
            "body": strings(c["body"]),
            "for_unit_head": pa.array(np.zeros(n, bool)),
            "sender_unit_id": pa.array(sender, mask=sender < 0),
            "sender_name": strings(s[:200] for s in c["sender_name"]),
            "source_type": strings(c["source_type"]),
            "source_id": strings(str(i) for i in c["source_id"]),
            "source_url_name": strings(c["url_name"]),
            "source_url_kwargs": strings(json.dumps(k) for k in c["url_kwargs"]),
            "created_at": moments(c["created"]),
            "due_at": moments(c["due"], c["due"] == NULL),
            "acknowledged_at": moments(c["ack"], ~acked),
            "acknowledged_by_name": strings(np.where(acked, c["ack_name"], "")),
            "forwarded_by_name": empty,
            "forward_reason": empty,
        }


_TEXT = {"key", "kind", "purpose", "subject", "body", "sender_name", "source_type", "source_id",
         "url_name", "url_kwargs", "ack_name"}  # fmt: skip


def due(kind: str, created: np.ndarray) -> np.ndarray:
    """The deadline `send_item` gives an item of `kind` sent at `created` (NULL: none)."""
    period = config.deadline(kind)
    if period is None:
        return np.full(len(created), NULL, np.int64)
    return np.asarray(created, np.int64) + int(period.total_seconds())


def before_end(values: np.ndarray, end: int) -> np.ndarray:
    """Moments after the end of the history have not happened yet."""
    return np.where((values != NULL) & (values < end), values, NULL)


def closed_late(rng, created: np.ndarray, end: int) -> np.ndarray:
    """The acknowledgement of an item nobody handled: none when recent, else 5–20 days late."""
    n = len(created)
    late = created + (rng.uniform(*LATE_DAYS, n) * DAY).astype(np.int64)
    recent = created >= end - BACKLOG_DAYS * DAY
    return before_end(np.where(recent, NULL, late), end)
