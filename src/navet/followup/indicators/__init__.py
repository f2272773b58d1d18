"""The indicator families. Importing this package registers every indicator in REGISTRY.

Families register in the order listed here, which is the order of the results and of
docs/indicators.md.
"""

import importlib

FAMILIES = (
    "continuity",
    "named_contacts",
    "workload",
    "discharge",
    "safe_discharge",
    "readmission",
    "avoidable",
    "emergency",
    "care_guarantee",
    "most_ill",
    "sip",
)

for _family in FAMILIES:
    importlib.import_module(f"{__name__}.{_family}")
