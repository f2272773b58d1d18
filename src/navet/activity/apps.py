from django.apps import AppConfig


class ActivityConfig(AppConfig):
    name = "navet.activity"
    verbose_name = "Vårdaktivitet"
