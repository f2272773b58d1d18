from django.apps import AppConfig


class ReceptionConfig(AppConfig):
    name = "navet.reception"
    verbose_name = "Digital mottagning för invånare"
