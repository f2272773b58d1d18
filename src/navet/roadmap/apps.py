from django.apps import AppConfig


class RoadmapConfig(AppConfig):
    name = "navet.roadmap"
    verbose_name = "Färdplan"
