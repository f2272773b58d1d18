"""The resident's own pages: contacts, consents and blocks, and who has read their data.

Every view passes the gate with purpose OWN_DATA (`own_data_view`), which logs the read; changes
(withdrawing a consent, setting a block) are logged in their own transaction by the services."""

from django.shortcuts import render
from django.utils import timezone

from navet.access.decorators import own_data_view
from navet.residents import selectors


@own_data_view("own_contacts")
def my_contacts(request, person):
    """The resident's own listing and named contacts, current and earlier."""
    today = timezone.localdate()
    context = {
        "person": person,
        "residence": selectors.current_residence(person, on=today),
        "contacts": selectors.listing_and_contacts(
            person, on=today, visible=request.navet_access.decision.shows
        ),
    }
    return render(request, "citizen/my_contacts.html", context)
