"""The access gate: who may read a person's data.

Every view that shows personal data asks this module first. For now the answer follows the user's
role alone; issue "Trust" replaces the rules here (care relationship × consent × block, emergency
access and an audit row for every read) without changing the signatures, so views need not change.
"""

from navet.organisation.roles import CARE_ROLES, Role, role_of


def can_search_residents(user) -> bool:
    """True if the user works with the care of individual persons and may search among residents.

    Analysts, the county leadership, the security officer and residents may not: they never need to
    find a person by name or number.
    """
    if not _is_active(user):
        return False
    return role_of(user) in CARE_ROLES


def can_view_person(user, person) -> bool:
    """True if `user` may read `person`'s data (identity, address, relatives, listing, contacts).

    Role-based placeholder: every care role may; analysts, the county leadership and the security
    officer may not; a resident may read only their own data, and only through their own pages (the
    staff pages additionally require `can_search_residents`).

    Issue "Trust" replaces this with the real gate: an active care relationship (or a documented
    work need) × the person's consent between care providers × their blocks (spärr), plus
    emergency access, and writes an audit row for every decision.
    """
    if not _is_active(user) or person is None:
        return False
    role = role_of(user)
    if role in CARE_ROLES:
        return True
    if role == Role.RESIDENT:
        return person.user_id is not None and person.user_id == user.pk
    return False


def _is_active(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)
