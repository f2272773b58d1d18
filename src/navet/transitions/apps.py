from django.apps import AppConfig


class TransitionsConfig(AppConfig):
    name = "navet.transitions"
    verbose_name = "Trygg utskrivning"

    def ready(self) -> None:
        # Registering the inbox kinds here lets messaging show and escalate them without a
        # migration of its own.
        # The stays are the payment rules' input (docs/payment.md, the adapter contract).
        from navet.activity.hooks import register_episode_hook
        from navet.payment import sources
        from navet.transitions import (  # noqa: F401 (inbox kinds and signals register on import)
            contact,
            discharge_notice,
            notices,
            planning,
            readmission,
        )
        from navet.transitions.imported import follow_episodes
        from navet.transitions.payment_source import timelines

        # Imported inpatient episodes become stays (docs/transitions.md §1a).
        register_episode_hook("transitions", follow_episodes)
        sources.register("transitions", "Vårdtillfällen i Navet (trygg utskrivning)", timelines)
