from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "navet.monitoring"
    verbose_name = "Hemmonitorering"

    def ready(self):
        from navet.messaging.kinds import register_kind

        # A value outside its threshold: the unit should look at it within the working day.
        register_kind("monitoring_alert", "Larm från hemmätning", deadline_hours=8)
