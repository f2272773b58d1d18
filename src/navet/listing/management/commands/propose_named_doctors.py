"""`./navet manage propose_named_doctors --unit HSA-ID | --county CODE [--on DATE]`: propose a
named doctor for the listed persons without one (stored runs; the unit head accepts them in the
web pages)."""

from __future__ import annotations

import uuid
from datetime import date

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = (
        "Föreslår fast läkarkontakt för listade utan en, per vårdcentral (inom läkarnas "
        "kapacitet, efter behov och kontinuitet). Förslagen sparas; verksamhetschefen godkänner "
        "dem i webben."
    )

    def add_arguments(self, parser) -> None:
        where = parser.add_mutually_exclusive_group(required=True)
        where.add_argument("--unit", help="vårdcentralens HSA-id")
        where.add_argument("--county", help="länskod, t.ex. 19: alla vårdcentraler i länet")
        parser.add_argument("--on", type=date.fromisoformat, help="dag, ÅÅÅÅ-MM-DD (i dag)")
        parser.add_argument(
            "--overshoot", type=int, help="tillåten överbeläggning i procent (standard 0)"
        )

    def handle(self, *args, **options) -> None:
        from django.utils import timezone

        from navet.access.services import system_actor
        from navet.listing import proposal_runs
        from navet.organisation.models import CareUnit, UnitKind

        on = options["on"] or timezone.localdate()
        if options["unit"]:
            unit = CareUnit.objects.filter(hsa_id=options["unit"]).first()
            if unit is None or unit.kind != UnitKind.HEALTH_CENTRE:
                raise CommandError(f"Ingen vårdcentral har HSA-id {options['unit']}.")
            units = [unit]
        else:
            units = proposal_runs.county_units(options["county"], on=on)
            if not units:
                raise CommandError(f"Inga vårdcentraler i län {options['county']}.")
        if options["overshoot"] is not None and options["overshoot"] < 0:
            raise CommandError("--overshoot får inte vara negativ.")
        actor = system_actor("propose_named_doctors")
        instances = proposal_runs.build_instances(units, on=on, overshoot=options["overshoot"])
        totals = [0, 0, 0]
        for unit in units:
            run = proposal_runs.run_proposals(
                actor=actor,
                unit=unit,
                on=on,
                key=f"cli:{uuid.uuid4().hex}",
                overshoot=options["overshoot"],
                instance=instances[unit.pk],
            )
            counts = (run.candidates, run.proposed, run.unassigned)
            totals = [a + b for a, b in zip(totals, counts, strict=True)]
            self.stdout.write(
                f"{unit.name}: {run.candidates} utan fast läkarkontakt, {run.proposed} förslag, "
                f"{run.unassigned} utan förslag ({run.solve_seconds:.2f} s)"
            )
        self.stdout.write(
            f"Totalt: {totals[0]} utan fast läkarkontakt, {totals[1]} förslag, {totals[2]} utan "
            "förslag. Verksamhetscheferna godkänner förslagen under Listning → Förslag."
        )
