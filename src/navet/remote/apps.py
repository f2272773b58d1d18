from django.apps import AppConfig


class RemoteConfig(AppConfig):
    name = "navet.remote"
    verbose_name = "Digitalt väntrum för konsultationer"

    def ready(self) -> None:
        from navet.remote import kinds  # noqa: F401  (registers the inbox item kinds)
