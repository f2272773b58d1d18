from navet.reception import triage


def no(**yes):
    return {flag.code: yes.get(flag.code, False) for flag in triage.RED_FLAGS}


def test_a_new_problem_without_red_flags_is_routine():
    assert triage.urgency_for("new", no()) == triage.ROUTINE
    assert triage.stop_for(no()) is None


def test_a_worsening_is_sooner_and_a_raise_flag_makes_it_urgent():
    assert triage.urgency_for("worsened", no()) == triage.SOON
    assert triage.urgency_for("new", no(worse_fast=True)) == triage.URGENT


def test_112_wins_over_1177():
    assert triage.stop_for(no(high_fever=True)) == triage.CALL_1177
    assert triage.stop_for(no(high_fever=True, chest_pain=True)) == triage.CALL_112


def test_every_stop_effect_has_a_message():
    effects = {f.effect for f in triage.RED_FLAGS} - {triage.RAISE}
    assert effects <= set(triage.STOP_MESSAGES)
