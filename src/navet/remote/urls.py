from django.urls import path

from navet.remote import views

app_name = "remote"

P = "invanare/<int:person_id>/konsultation/"
ONE = P + "<int:consultation_id>/"

urlpatterns = [
    path("vantrum/", views.worklist, name="worklist"),
    path(P, views.person_consultations, name="person"),
    path(ONE, views.detail, name="detail"),
    path(ONE + "ta/", views.pick_up, name="pick_up"),
    path(ONE + "svara/", views.answer, name="answer"),
]
