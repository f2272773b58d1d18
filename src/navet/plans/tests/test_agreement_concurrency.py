"""Two editors of one agreement at once on real connections (PostgreSQL row locks): one version
is saved, the other editor gets the conflict with both texts."""

import pytest

from navet.access.audit import actor_for
from navet.plans import agreements
from navet.plans.errors import EditConflict
from navet.plans.models import AgreementVersion, DocumentedAgreement
from navet.plans.tests.support import user
from navet.web.tests.concurrency import run_together

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]


def test_two_editors_of_one_agreement_one_wins(demo_users, small_county):
    eva, maja = user("distriktsskoterska"), user("kommunskoterska")
    agreement = agreements.create_agreement(
        actor=actor_for(eva), user=eva, person=small_county.persons["elsa"], key="a"
    )

    def save(who, text, k):
        return lambda: agreements.save_agreement_version(
            actor=actor_for(who),
            user=who,
            agreement=agreement,
            base_version=0,
            data={"what_happens": text},
            key=k,
        )

    results = run_together(
        save(eva, "Blodtryck varannan vecka.", "1"), save(maja, "Såromläggning.", "2")
    )
    saved = [r for r in results if isinstance(r, AgreementVersion)]
    conflicts = [r for r in results if isinstance(r, EditConflict)]
    assert len(saved) == 1 and len(conflicts) == 1, results
    assert conflicts[0].theirs.what_happens == saved[0].what_happens
    assert conflicts[0].mine["what_happens"] != saved[0].what_happens
    assert AgreementVersion.objects.count() == 1 and DocumentedAgreement.objects.get().version == 1
