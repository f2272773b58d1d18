from django.apps import AppConfig


class DeviationsConfig(AppConfig):
    name = "navet.deviations"
    verbose_name = "Gemensamma avvikelser"

    def ready(self) -> None:
        from navet.deviations import (  # noqa: F401  (registers the inbox kinds and handlers)
            inbox,
            kinds,
        )
