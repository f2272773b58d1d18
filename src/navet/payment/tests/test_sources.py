from pathlib import Path

import pytest

from navet.payment import sources
from navet.payment.timeline import CareType

DATA = Path(__file__).parent / "data" / "timelines.csv"
HEADER = DATA.read_text(encoding="utf-8").splitlines()[0]


def test_rows_of_one_episode_add_its_periods_and_gaps():
    timelines = {t.episode_ref: t for t in sources.parse_csv(DATA.read_text(encoding="utf-8"))}
    assert set(timelines) == {"E1", "E2", "E3", "E4"}
    assert len(timelines["E2"].ready_periods) == 2
    assert timelines["E2"].ready_periods[0].revoked_at is not None
    assert timelines["E3"].excluded[0].reason == "vårdcentralen ej klar"
    assert timelines["E4"].care_type is CareType.PSYCHIATRIC


def test_every_bad_row_is_reported_and_nothing_is_returned():
    text = "\n".join(
        [
            HEADER,
            "X1;p;1980;okänd;2022-03-01 08:00;;;;;;;;;;",
            "X2;p;1980;somatisk;igår;;;;;;;;;;",
            "X3;p;1980;somatisk;2022-03-05 08:00;;;2022-03-01 09:00;;;;;;;",
        ]
    )
    with pytest.raises(sources.TimelineFileError) as caught:
        sources.parse_csv(text)
    errors = caught.value.errors
    assert any(e.startswith("rad 2: care_type") for e in errors)
    assert any(e.startswith("rad 3: admitted_at") for e in errors)
    assert any("X3" in e and "före inskrivningen" in e for e in errors)


def test_missing_columns_and_empty_files():
    with pytest.raises(sources.TimelineFileError, match="kolumner saknas"):
        sources.parse_csv("episode;person_key\nE1;p\n")
    with pytest.raises(sources.TimelineFileError, match="tom"):
        sources.parse_csv("")


def test_the_registry():
    sources.register("test", "Testkälla", lambda code, first, last: [])
    try:
        assert sources.get("test").label == "Testkälla"
        assert "test" in [s.key for s in sources.registered()]
    finally:
        sources.unregister("test")
    assert sources.get("test") is None
