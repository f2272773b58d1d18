"""The optimistic lock shared by the plan and the documented agreement: an owner row with a
`version` counter and a `versions` relation whose rows carry `key`, `number`, `author`,
`author_name`. The caller has locked the owner's row (`SELECT … FOR UPDATE`) and saves it."""

from __future__ import annotations

from navet.plans.errors import EditConflict


def add_version(*, owner, base_version: int, content: dict, key: str, user, author_name: str):
    """Version n + 1 of `owner` with `content`. If the form showed another version than the
    current one, nothing is saved: `EditConflict` carries the current version and `content`."""
    if owner.version != base_version:
        raise EditConflict(theirs=owner.current_version(), mine=content)
    version = owner.versions.create(
        key=key, number=owner.version + 1, author=user, author_name=author_name, **content
    )
    owner.version = version.number
    return version
