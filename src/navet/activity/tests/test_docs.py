"""The examples in docs/import-activity.md import as they stand."""

import re

import pytest
from django.conf import settings

from navet.activity.importer import TABLES, import_activity

DOC = settings.BASE_DIR / "docs" / "import-activity.md"


def blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)


@pytest.mark.django_db
def test_every_csv_example_imports(world, tmp_path):
    by_header = {",".join(table.column_names): table.name for table in TABLES}
    examples = blocks("csv")
    for text in examples:
        table = by_header[text.splitlines()[0]]
        (tmp_path / f"{table}.csv").write_text(text, encoding="utf-8")
    assert sorted(p.stem for p in tmp_path.iterdir()) == sorted(t.name for t in TABLES)
    result = import_activity(tmp_path)
    assert result.ok, [str(issue) for issue in result.issues]
    assert sum(s.new for s in result.summaries) == sum(len(t.splitlines()) - 1 for t in examples)


@pytest.mark.django_db
def test_the_parquet_example_imports(world, tmp_path):
    [python] = blocks("python")[:1]
    exec(python.replace('"DIR/', f'"{tmp_path}/'), {})  # noqa: S102 - our own documentation
    result = import_activity(tmp_path)
    assert result.ok, [str(issue) for issue in result.issues]
    assert {s.table: s.new for s in result.summaries} == {"ed_visits": 2, "care_requests": 1}
