from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class AccessConfig(AppConfig):
    name = "navet.access"
    verbose_name = "Åtkomst och loggning"

    def ready(self) -> None:
        from navet.access import relationships, signals

        for model in relationships.SOURCE_BY_MODEL:
            post_save.connect(signals.record_saved, sender=model, dispatch_uid=f"rel-{model}")
            post_delete.connect(signals.record_deleted, sender=model, dispatch_uid=f"del-{model}")
        signals.connect_login_audit()
