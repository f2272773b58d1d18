from django.apps import AppConfig


class PaymentConfig(AppConfig):
    name = "navet.payment"
    verbose_name = "Betalningsansvar"
