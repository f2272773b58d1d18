"""Navet's URLconf plus a view that forgot the gate: the enumeration test must catch it."""

from django.http import HttpResponse
from django.urls import include, path

from navet.residents.models import Person


def rogue(request, person_id):
    return HttpResponse(str(Person.objects.get(pk=person_id)))


urlpatterns = [
    path("", include("navet.urls")),
    path("rogue/<int:person_id>/", rogue, name="rogue"),
]
