from django.apps import AppConfig


class OrganisationConfig(AppConfig):
    name = "navet.organisation"
    verbose_name = "Organisation"
