from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "navet.plans"
    verbose_name = "Samordnad individuell plan (SIP)"
