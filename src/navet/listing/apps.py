from django.apps import AppConfig


class ListingConfig(AppConfig):
    name = "navet.listing"
    verbose_name = "Listning och fasta kontakter"
