"""Named-doctor proposals: the solver against the greedy baseline, and how long it takes.

For every health centre of a county in the database (DATABASE_URL), on one day:
  - coverage: the share of listed persons with a named doctor before, and after accepting every
    proposal of the solver (and of the greedy baseline);
  - continuity: persons proposed the doctor they have seen most in the last 18 months, and the
    visits the persons had with the proposed doctor, solver vs greedy;
  - time: building the instances from the database, and the min-cost flow itself.

Reads only; nothing is stored (`./navet manage propose_named_doctors --county 19` stores runs).

    ./navet synth --county 19 --seed 42 --scale 1.0 --database      # with DATABASE_URL set
    DATABASE_URL=… .venv/bin/python bench/proposals_bench.py --county 19 --on 2025-12-31
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from datetime import date
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))

SOLVE_LIMIT_SECONDS = 30.0


def run(county: str, on: date, progress=print) -> dict:
    from navet.listing import proposal_runs, selectors
    from navet.listing.proposals import compare_with_greedy

    totals = {"listed": 0, "named_before": 0, "candidates": 0, "build_s": 0.0, "solve_s": 0.0}
    sums: dict[str, dict[str, int]] = {"solver": {}, "greedy": {}}
    units = proposal_runs.county_units(county, on=on)
    started = time.perf_counter()
    instances = proposal_runs.build_instances(units, on=on)
    totals["build_s"] = time.perf_counter() - started
    for unit in units:
        instance = instances[unit.pk]
        totals["listed"] += selectors.listed_count(unit, on=on)
        totals["named_before"] += sum(selectors.named_doctor_counts(unit, on=on).values())
        totals["candidates"] += len(instance.persons)
        compared = compare_with_greedy(instance)
        totals["solve_s"] += compared["solver_seconds"]
        for name in ("solver", "greedy"):
            for field, value in compared[name].__dict__.items():
                sums[name][field] = sums[name].get(field, 0) + value
        assigned = compared["solver"].assigned
        progress(f"{unit.name}: {len(instance.persons)} without, {assigned} proposed")
    return {"county": county, "on": on.isoformat(), "units": len(units), **totals, **sums}


def report(result: dict) -> str:
    listed = max(result["listed"], 1)
    solver, greedy = result["solver"], result["greedy"]

    def share(n):
        return f"{100 * n / listed:.1f} %"

    def row(label, field):
        return f"| {label} | {solver.get(field, 0)} | {greedy.get(field, 0)} |"

    after = result["named_before"] + solver.get("assigned", 0)
    lines = [
        f"County {result['county']} on {result['on']}: {result['units']} health centres, "
        f"{result['listed']} listed, {result['candidates']} without a named doctor.",
        f"Coverage before {share(result['named_before'])}, after accepting every proposal "
        f"{share(after)} (greedy: {share(result['named_before'] + greedy.get('assigned', 0))}).",
        "",
        "| | solver | greedy |",
        "|---|---|---|",
        row("persons proposed a doctor", "assigned"),
        row("sum of their need", "need_assigned"),
        row("proposed the doctor they have seen most", "most_seen"),
        row("visits with the proposed doctor (18 months)", "visits_with_assigned"),
        "",
        f"Time: building the instances {result['build_s']:.1f} s, min-cost flow "
        f"{result['solve_s']:.2f} s, together {result['build_s'] + result['solve_s']:.1f} s "
        f"(target ≤ {SOLVE_LIMIT_SECONDS:.0f} s).",
    ]
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--county", default="19")
    parser.add_argument("--on", type=date.fromisoformat, default=date(2025, 12, 31))
    parser.add_argument("--quiet", action="store_true")
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "navet.settings")
    import django

    django.setup()
    result = run(args.county, args.on, progress=(lambda m: None) if args.quiet else print)
    print(report(result))
    return 0 if result["build_s"] + result["solve_s"] <= SOLVE_LIMIT_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
