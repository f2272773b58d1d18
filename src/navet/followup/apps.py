from django.apps import AppConfig


class FollowupConfig(AppConfig):
    name = "navet.followup"
    verbose_name = "Uppföljning"
