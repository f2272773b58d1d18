from django.apps import AppConfig


class CitizenConfig(AppConfig):
    name = "navet.citizen"
    verbose_name = "Invånarens egna sidor"
