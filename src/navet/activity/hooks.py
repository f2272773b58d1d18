"""Apps that follow imported inpatient episodes register here (as payment registers its sources).

The importer calls every registered hook after it has written the episodes, with the source_ids of
the file's episodes (new, updated and unchanged: a hook is idempotent and so also catches up on
episodes imported before it existed). A hook returns the episodes it refused, as
`(source_id, reason in Swedish)`; the importer reports them per row. The activity app imports no
model of the apps that register: `navet.transitions` turns episodes into inpatient stays.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime

EpisodeHook = Callable[[list[str], datetime], Iterable[tuple[str, str]]]

_HOOKS: dict[str, EpisodeHook] = {}


def register_episode_hook(key: str, hook: EpisodeHook) -> None:
    """Called from an AppConfig.ready(); registering the same key again replaces it."""
    _HOOKS[key] = hook


def unregister_episode_hook(key: str) -> None:
    _HOOKS.pop(key, None)


def episode_hooks() -> list[EpisodeHook]:
    return [_HOOKS[key] for key in sorted(_HOOKS)]
