"""Small-cell suppression, primary and complementary.

Primary: a cell resting on fewer than `min_subjects` persons (default 5) is hidden. Which persons
count is the indicator's choice (`suppress_on`): the denominator's (who a share or mean is
about) and/or the numerator's (the persons behind a count or a rate; a numerator of zero is
shown). A numerator-only breakdown (visit_band) is judged on its numerator.

Complementary: in every group of cells that add up to a published parent — the values of one
breakdown under their total, the municipalities under their subarea and county, the subareas
and units under their county — one hidden non-empty cell alone could be recovered as parent
minus the rest. Then the smallest visible non-empty cell of the group is hidden too (or, if
there is none, the parent). Repeated until no group changes, since hiding a cell in one group
can leave a lone hidden cell in another.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

KEY = ["level", "level_value", "breakdown", "breakdown_value"]


def primary(cells: pd.DataFrame, suppress_on: tuple[str, ...], min_subjects: int) -> pd.Series:
    small = pd.Series(False, index=cells.index)
    numerator_rule = cells["numerator_only"] | ("numerator" in suppress_on)
    if "denominator" in suppress_on:
        small |= cells["den_subjects"] < min_subjects
    small |= numerator_rule & cells["num_subjects"].between(1, min_subjects - 1)
    return small


def weight(cells: pd.DataFrame, suppress_on: tuple[str, ...]) -> pd.Series:
    """How many subjects a cell holds on the suppression basis (to choose complements)."""
    numerator_rule = cells["numerator_only"] | ("numerator" in suppress_on)
    return cells["num_subjects"].where(numerator_rule, cells["den_subjects"])


Parents = Mapping[str, Mapping[str, list[tuple[str, str]]]]


def groups(cells: pd.DataFrame, parents: Parents) -> pd.DataFrame:
    """Membership rows (row, group, parent): `row` and `parent` are positions in `cells`.

    `parents[level][value]` lists the (level, value) parents of a geographic cell, e.g.
    parents["municipality"]["1980"] == [("subarea", "Nod Västerås"), ("county", "19")].
    """
    # Plain Python strings: iterating text columns row by row is several times slower.
    keys = list(zip(*(cells[column].to_numpy(dtype=object) for column in KEY), strict=True))
    position = {key: i for i, key in enumerate(keys)}
    rows, group_ids, parent_rows = [], [], []
    group_index: dict[tuple, int] = {}

    def add(row: int, parent_key: tuple, partition: str) -> None:
        """`row` is one of the cells that add up to `parent_key`; the cells of one
        partition (one breakdown, or one child level) form a group."""
        parent = position.get(parent_key)
        if parent is None:
            return
        group = group_index.setdefault((parent_key, partition), len(group_index))
        rows.append(row)
        group_ids.append(group)
        parent_rows.append(parent)

    for row, (level, value, breakdown, breakdown_value) in enumerate(keys):
        if breakdown != "total":
            add(row, (level, value, "total", "total"), breakdown)
        for parent_level, parent_value in parents.get(level, {}).get(value, ()):
            add(row, (parent_level, parent_value, breakdown, breakdown_value), level)
    return pd.DataFrame({"row": rows, "group": group_ids, "parent": parent_rows}, dtype="int64")


def complementary(hidden: np.ndarray, weights: np.ndarray, membership: pd.DataFrame) -> np.ndarray:
    """Hide more cells until no published parent has exactly one hidden non-empty child."""
    hidden = hidden.copy()
    if membership.empty:
        return hidden
    rows = membership["row"].to_numpy()
    group_of_row = membership["group"].to_numpy()
    parent_of_group = membership.groupby("group")["parent"].first().to_numpy()
    non_empty = weights[rows] > 0
    while True:
        lone = np.bincount(
            group_of_row, weights=hidden[rows] & non_empty, minlength=len(parent_of_group)
        )
        exposed = np.flatnonzero((lone == 1) & ~hidden[parent_of_group])
        if len(exposed) == 0:
            return hidden
        candidates = membership[
            membership["group"].isin(exposed) & ~hidden[rows] & non_empty
        ].assign(weight=lambda m: weights[m["row"]])
        chosen = candidates.sort_values(["group", "weight", "row"]).drop_duplicates("group")
        hidden[chosen["row"].to_numpy()] = True
        orphaned = np.setdiff1d(exposed, chosen["group"].to_numpy())
        hidden[parent_of_group[orphaned]] = True


def suppress(
    cells: pd.DataFrame,
    suppress_on: tuple[str, ...],
    min_subjects: int,
    parents: Parents,
) -> tuple[np.ndarray, np.ndarray]:
    """(hidden, primary_hidden) as boolean arrays aligned with `cells`."""
    first = primary(cells, suppress_on, min_subjects).to_numpy()
    weights = weight(cells, suppress_on).to_numpy()
    return complementary(first, weights, groups(cells, parents)), first
