"""The most ill older people (research §2.6)."""

from navet.followup.tests.builder import SnapshotBuilder
from navet.followup.tests.support import figures, run

ID = "most_ill_elderly"


def _county() -> SnapshotBuilder:
    b = SnapshotBuilder()
    old = "1940-01-01"
    b.person("SABO", birth=old, living="nursing_home")
    b.person("SHORT", birth=old, living="short_term_stay")
    b.person("HOME", birth=old, living="home_care")  # home help alone is not enough
    b.person("ADM3", birth=old)
    for n, month in enumerate(("03", "05", "07")):
        b.episode(
            f"a{n}", "ADM3", f"2025-{month}-01 10:00", f"2025-{month}-02 10:00", diagnosis="I50.9"
        )
    b.person("DAYS20", birth=old)
    b.episode("d1", "DAYS20", "2025-03-01 10:00", "2025-03-21 10:00")  # 20 days
    b.person("DAYS19", birth=old)
    b.episode("d2", "DAYS19", "2025-03-01 10:00", "2025-03-20 10:00")  # 19 days: not over 19
    b.person("DX3", birth=old)
    b.episode("x1", "DX3", "2025-03-01 10:00", "2025-03-02 10:00", diagnosis="I50.9")
    b.episode("x2", "DX3", "2024-06-01 10:00", "2024-06-02 10:00", diagnosis="J44.1")  # too old
    b.episode("x3", "DX3", "2025-04-01 10:00", "2025-04-02 10:00", diagnosis="J18.9")
    b.person("SPEC8", birth=old)
    b.person("SPEC7", birth=old)
    for n in range(8):
        b.visit("SPEC8", f"2025-0{n + 1}-10", care_level="specialist")
    for n in range(7):
        b.visit("SPEC7", f"2025-0{n + 1}-10", care_level="specialist")
    b.person("YOUNG", birth="1970-01-01", living="nursing_home")  # under 65: not counted
    b.person("DEAD", birth=old, living="nursing_home", death="2025-11-01")
    return b


def test_persons_meeting_a_medical_or_a_social_criterion(tmp_path):
    table = run(_county(), tmp_path, ID)
    # 65+ and alive: SABO, SHORT, HOME, ADM3, DAYS20, DAYS19, DX3, SPEC8, SPEC7 = 9.
    # Most ill: SABO, SHORT, ADM3, DAYS20, SPEC8 = 5 (DX3 has two categories in the window).
    assert figures(table, ID) == (5, 9, 5 / 9)


def test_both_criteria_give_the_core_group(tmp_path):
    b = _county()
    b.person("BOTH", birth="1940-01-01", living="nursing_home")
    for n in range(3):
        b.episode(f"b{n}", "BOTH", f"2025-0{n + 2}-01 10:00", f"2025-0{n + 2}-02 10:00")
    table = run(b, tmp_path, ID, parameters={ID: {"combine": "and"}})
    assert figures(table, ID) == (1, 10, 0.1)
