"""OIDC login (mozilla-django-oidc) for production identity providers: staff through their
HSA-id claim (e.g. SITHS via the region's IdP), residents through their personnummer claim
(e.g. BankID via a broker). Accounts are provisioned in Navet; the login never creates one.

Enable with NAVET_OIDC_ENABLED=1 and the OIDC_* settings (docs/trust.md)."""

from django.conf import settings
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from navet.organisation.models import Staff
from navet.residents.models import Person


def users_for_claims(claims: dict):
    """The Navet user a set of verified claims belongs to (a queryset of at most one)."""
    from django.contrib.auth import get_user_model

    users = get_user_model().objects.filter(is_active=True)
    staff_claim = getattr(settings, "NAVET_OIDC_STAFF_CLAIM", "hsa_id")
    person_claim = getattr(settings, "NAVET_OIDC_PERSON_CLAIM", "personal_identity_number")
    if hsa_id := claims.get(staff_claim):
        staff = Staff.objects.filter(hsa_id=hsa_id, user__isnull=False).first()
        return users.filter(pk=staff.user_id) if staff else users.none()
    if number := claims.get(person_claim):
        person = Person.objects.filter(identifier=str(number).replace("-", "")).first()
        if person and person.user_id:
            return users.filter(pk=person.user_id)
    return users.none()


class NavetOIDCBackend(OIDCAuthenticationBackend):
    def filter_users_by_claims(self, claims):
        return users_for_claims(claims)

    def verify_claims(self, claims):
        return bool(users_for_claims(claims).exists())

    def create_user(self, claims):  # pragma: no cover - OIDC_CREATE_USER is False
        return None
