from django.apps import AppConfig


class MessagingConfig(AppConfig):
    name = "navet.messaging"
    verbose_name = "Inkorg"
