from django.apps import AppConfig


class MobileConfig(AppConfig):
    name = "navet.mobile"
    verbose_name = "Mobila team"

    def ready(self):
        from navet.messaging.kinds import register_kind

        # A request to a mobile team is acute work: the team acknowledges it within hours.
        register_kind("mobile_request", "Begäran till mobilt team", deadline_hours=4)
