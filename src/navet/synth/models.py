"""A record of each generator run into the database, so that `./navet demo` generates only once."""

from django.db import models


class GeneratedCounty(models.Model):
    county_code = models.CharField(max_length=2, unique=True)
    seed = models.BigIntegerField()
    scale = models.FloatField()
    years = models.PositiveSmallIntegerField()
    end_date = models.DateField()
    persons = models.PositiveIntegerField()
    created = models.DateTimeField(auto_now_add=True)
    seconds = models.FloatField()

    def __str__(self) -> str:
        return f"län {self.county_code}, seed {self.seed}, skala {self.scale}"
