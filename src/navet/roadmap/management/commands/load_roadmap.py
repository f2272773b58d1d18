"""`./navet manage load_roadmap FILE [--county CODE]`: load a roadmap from YAML, all or nothing.

FILE is a path, or the name of a bundled seed (vastra_gotaland, vastmanland, vasternorrland,
vasterbotten). A bad file fails with the line and key of every problem and loads nothing.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from navet.roadmap.loader import SEEDS, FixtureError, load_roadmap


class Command(BaseCommand):
    help = "Läs in en färdplan från en YAML-fil (allt eller inget)."

    def add_arguments(self, parser):
        parser.add_argument(
            "file", help=f"YAML-fil, eller namnet på en medföljande: {', '.join(SEEDS)}"
        )
        parser.add_argument(
            "--county",
            help="läs in i detta län i stället för filens (demo): filens region och kommuner "
            "blir länets",
        )

    def handle(self, *args, file, county=None, **options):
        path = SEEDS.get(file) or Path(file)
        if not path.exists():
            raise CommandError(f"Filen {file} finns inte.")
        try:
            loaded = load_roadmap(path, county_code=county)
        except FixtureError as error:
            raise CommandError(str(error)) from error
        version = loaded.version
        self.stdout.write(
            f"Inläst: {loaded.roadmap.name} i {loaded.roadmap.county} "
            f"(version {version.number}, {version.get_status_display().lower()}): "
            f"{version.areas.count()} områden, {version.activities.count()} aktiviteter, "
            f"{loaded.roadmap.forums.count()} forum, {version.targets.count()} målindikatorer."
        )
        if loaded.created_county:
            self.stdout.write(
                f"{loaded.roadmap.county} fanns inte i databasen och skapades från "
                "referensdata (kommuner, noder och huvudmän, inga invånare)."
            )
