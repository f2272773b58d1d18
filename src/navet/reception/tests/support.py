from navet.reception.triage import RED_FLAGS

FORM = {
    "key": "k-1",
    "problem_area": "infection",
    "reason_class": "new",
    "since": "days",
    "description": "Hosta och halsont sedan i förrgår.",
    "channel": "chat",
    **{flag.code: "no" for flag in RED_FLAGS},
}


def form(**changes) -> dict:
    return {**FORM, **changes}
