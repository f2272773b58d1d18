"""What a guardian (vårdnadshavare) sees of a child's plans: the child's own plan view
(`plans.citizen`) less what an OSL 12 kap. 3 § decision withholds from the guardians.

The rule, per item (docs/plans.md §10, Guardians):
- A decision that withholds the whole plan (`WithheldPart.ALL`, also every decision recorded
  before decisions named parts) hides the plan altogether: the guardian does not learn from
  Navet that it exists. No guardians' copy is printed either.
- Otherwise each part a decision names (the child's goals, the interventions, what others do,
  what the child and relatives do, the contacts, the meetings) is left out, with a note that
  it is not disclosed to guardians. A single intervention is left out by its text; if that text
  is no longer in the shared version (it was reworded), every intervention is left out until
  staff decide again — never the reworded item by mistake.
- A documented agreement that belongs to a SIP with any decision is not shown to guardians: its
  free text can repeat what the decision withholds. Other agreements are shown.

The gate decides whether the user is a guardian today (purpose GUARDIAN); the caller logs.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils import timezone

from navet.plans.citizen import OwnPlan, own_plan, plans_of
from navet.plans.citizen_agreements import OwnAgreement, own_agreements
from navet.plans.models import CoordinatedPlan, SecrecyDecision, WithheldPart
from navet.web.printing import pdf_response

PARTS = (
    WithheldPart.GOALS,
    WithheldPart.INTERVENTIONS,
    WithheldPart.OTHERS_MEASURES,
    WithheldPart.OWN_ACTIONS,
    WithheldPart.CONTACTS,
    WithheldPart.MEETINGS,
)


@dataclass(frozen=True)
class Withholding:
    """Everything the plan's OSL 12:3 decisions withhold from the guardians, together."""

    parts: frozenset[str] = frozenset()
    interventions: frozenset[str] = frozenset()  # texts of single interventions

    @property
    def everything(self) -> bool:
        return WithheldPart.ALL in self.parts

    @property
    def anything(self) -> bool:
        return bool(self.parts or self.interventions)


def withholding(plan: CoordinatedPlan) -> Withholding:
    parts: set[str] = set()
    texts: set[str] = set()
    for decision in SecrecyDecision.objects.filter(plan=plan):
        parts |= decision.withheld_parts
        texts |= {t.strip() for t in decision.withheld_interventions if t.strip()}
    return Withholding(frozenset(parts), frozenset(texts))


@dataclass
class GuardianPlan:
    """One plan as a guardian sees it. `own` carries the shared version and the guardian's own
    read confirmation; read the content through `shown` and `interventions`, never
    `own.version` directly in a template for guardians."""

    own: OwnPlan
    withheld: Withholding
    shown: dict[str, bool] = field(default_factory=dict)
    interventions: list[dict] = field(default_factory=list)
    some_interventions_withheld: bool = False

    @property
    def plan(self) -> CoordinatedPlan:
        return self.own.plan


def _visible_interventions(version, withheld: Withholding) -> tuple[list[dict], bool]:
    rows = list(version.interventions or []) if version is not None else []
    if not withheld.interventions:
        return rows, False
    texts = {(row.get("what") or "").strip() for row in rows}
    if not withheld.interventions <= texts:
        return [], True  # a withheld item was reworded: withhold them all until staff decide
    return [r for r in rows if (r.get("what") or "").strip() not in withheld.interventions], True


def guardian_plan(plan: CoordinatedPlan, *, user=None) -> GuardianPlan | None:
    """The plan as the child's guardian sees it, or None when a decision withholds it whole."""
    withheld = withholding(plan)
    if withheld.everything:
        return None
    own = own_plan(plan, user=user)
    shown = {str(part): part not in withheld.parts for part in PARTS}
    if not shown[WithheldPart.MEETINGS]:
        own.upcoming = []  # and so the next agreed time is the follow-up date alone
    interventions, some = _visible_interventions(own.version, withheld)
    if not shown[WithheldPart.INTERVENTIONS]:
        interventions, some = [], False
    return GuardianPlan(
        own=own,
        withheld=withheld,
        shown=shown,
        interventions=interventions,
        some_interventions_withheld=some,
    )


def guardian_plans(child, *, user=None) -> list[GuardianPlan]:
    shown = (guardian_plan(plan, user=user) for plan in plans_of(child))
    return [g for g in shown if g is not None]


def guardian_agreements(child) -> list[OwnAgreement]:
    return [
        own
        for own in own_agreements(child)
        if own.agreement.plan_id is None
        or not SecrecyDecision.objects.filter(plan_id=own.agreement.plan_id).exists()
    ]


def guardian_agreement(child, agreement_id: int) -> OwnAgreement | None:
    return next((a for a in guardian_agreements(child) if a.agreement.pk == agreement_id), None)


def may_print_for_guardians(plan: CoordinatedPlan) -> bool:
    return not withholding(plan).everything


def pdf(shown: GuardianPlan, *, guardian_name: str = ""):
    """The guardians' copy: downloaded by a guardian, or printed by staff for the guardians."""
    context = {
        "g": shown,
        "own": shown.own,
        "plan": shown.plan,
        "person": shown.plan.person,
        "guardian_name": guardian_name,
        "printed_at": timezone.localtime(),
    }
    return pdf_response("plans/print/guardian_plan.html", context, filename="barnets-plan-sip.pdf")
