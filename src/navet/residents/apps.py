from django.apps import AppConfig


class ResidentsConfig(AppConfig):
    name = "navet.residents"
    verbose_name = "Invånare"
