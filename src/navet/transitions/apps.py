from django.apps import AppConfig


class TransitionsConfig(AppConfig):
    name = "navet.transitions"
    verbose_name = "Trygg utskrivning"

    def ready(self) -> None:
        # Registering the inbox kinds here lets messaging show and escalate them without a
        # migration of its own.
        from navet.transitions import notices  # noqa: F401
