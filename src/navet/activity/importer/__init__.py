"""Import of care activity files (visits, ED visits, inpatient episodes, care requests, phone
calls) from the region's and municipalities' record systems. Format: docs/import-activity.md.
"""

from navet.activity.importer.errors import ImportIssue, format_issues
from navet.activity.importer.importing import (
    ImportResult,
    TableSummary,
    format_summary,
    import_activity,
)
from navet.activity.importer.tables import TABLES

__all__ = [
    "TABLES",
    "ImportIssue",
    "ImportResult",
    "TableSummary",
    "format_issues",
    "format_summary",
    "import_activity",
]
