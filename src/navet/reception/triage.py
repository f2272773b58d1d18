"""The triage form as data: what the resident is asked, and how the answers set the urgency.

Everything a region may want to change (questions, wording, which answer stops the request and
sends the resident to 112 or 1177) lives in these tuples; the form and the service read them,
so a new question needs no new code. docs/reception.md lists them for the medical reviewer.

Urgency: 1 = bråttom (within hours), 2 = snart (today), 3 = vanlig (within the care guarantee's
3 days). A request starts at 3; a worsening starts at 2; every RAISE answer "yes" makes it 1.
A STOP answer "yes" stores nothing: the resident is told to call at once.
"""

from __future__ import annotations

from dataclasses import dataclass

URGENT, SOON, ROUTINE = 1, 2, 3
URGENCY_LABELS = {URGENT: "Bråttom", SOON: "Snart", ROUTINE: "Vanlig"}

CALL_112 = "112"
CALL_1177 = "1177"
RAISE = "raise"

# what the problem is about (free text describes it; this routes and counts)
PROBLEM_AREAS = (
    ("infection", "Infektion, feber, hosta eller ont i halsen"),
    ("pain", "Värk eller smärta"),
    ("skin", "Hud, utslag eller sår"),
    ("stomach", "Mage, tarm eller urinvägar"),
    ("mental", "Oro, nedstämdhet eller sömn"),
    ("medication", "Läkemedel eller recept"),
    ("chronic", "Min långvariga sjukdom (till exempel diabetes, hjärta, lungor)"),
    ("other", "Annat"),
)

# the care guarantee's reason classes (activity.ReasonClass), asked in the resident's words
REASONS = (
    ("new", "Ett nytt besvär"),
    ("worsened", "Ett besvär jag har haft som har blivit sämre"),
    ("no_effect", "En behandling jag fått har inte hjälpt"),
    ("other", "Annat, till exempel förnya recept eller intyg"),
)

SINCE = (
    ("today", "I dag"),
    ("days", "1–3 dagar"),
    ("week", "4–14 dagar"),
    ("longer", "Längre än två veckor"),
)


@dataclass(frozen=True)
class RedFlag:
    code: str
    question: str
    effect: str  # CALL_112 | CALL_1177 | RAISE


RED_FLAGS = (
    RedFlag("chest_pain", "Har du tryck eller smärta i bröstet just nu?", CALL_112),
    RedFlag("breathing", "Har du svårt att andas när du sitter still?", CALL_112),
    RedFlag(
        "stroke",
        "Har du plötsligt fått sluddrigt tal, sned mun eller svaghet i en arm eller ett ben?",
        CALL_112,
    ),
    RedFlag(
        "high_fever",
        "Har du feber över 39 °C och känner dig mycket sjuk eller förvirrad?",
        CALL_1177,
    ),
    RedFlag("worse_fast", "Har besvären blivit mycket värre det senaste dygnet?", RAISE),
    RedFlag("severe_pain", "Har du svår smärta som inte lindras av receptfria läkemedel?", RAISE),
)

STOP_MESSAGES = {
    CALL_112: "Ring 112 nu. Dina svar tyder på att du kan behöva akut hjälp.",
    CALL_1177: (
        "Ring 1177 nu, så får du råd av en sjuksköterska direkt. Dina svar tyder på att du "
        "inte ska vänta på svar i den digitala mottagningen."
    ),
}


def stop_for(answers: dict[str, bool]) -> str | None:
    """112 before 1177: the most urgent instruction wins."""
    effects = {flag.effect for flag in RED_FLAGS if answers.get(flag.code)}
    for effect in (CALL_112, CALL_1177):
        if effect in effects:
            return effect
    return None


def urgency_for(reason: str, answers: dict[str, bool]) -> int:
    if any(answers.get(f.code) for f in RED_FLAGS if f.effect == RAISE):
        return URGENT
    return SOON if reason == "worsened" else ROUTINE
