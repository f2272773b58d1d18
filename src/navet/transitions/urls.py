from django.urls import path

from navet.transitions import views

app_name = "transitions"

P = "invanare/<int:person_id>/utskrivning/"

urlpatterns = [
    path("utskrivning/", views.worklist, name="worklist"),
    path(P, views.person_stays, name="person_stays"),
    path(P + "ny/", views.admit, name="admit"),
    path(P + "<int:stay_id>/", views.stay, name="stay"),
    path(P + "<int:stay_id>/<slug:action>/", views.act, name="act"),
]

# What follows the ready notice (views_followon.py): SIP call, discharge notice, follow-up call.
# Two segments after the stay, so that `act`'s <slug:action>/ does not catch them.
from navet.transitions import views_followon  # noqa: E402

urlpatterns += [
    path(P + "<int:stay_id>/sip/behovs/", views_followon.sip_needed, name="sip_needed"),
    path(P + "<int:stay_id>/sip/kallelse/", views_followon.sip_send, name="sip_send"),
    path(
        P + "<int:stay_id>/meddelande/utskrivning/",
        views_followon.send_discharge_notice,
        name="discharge_notice",
    ),
    path(P + "<int:stay_id>/sammanfattning.pdf", views_followon.summary_pdf, name="summary_pdf"),
    path(
        P + "<int:stay_id>/uppfoljning/gjord/",
        views_followon.follow_up_done,
        name="follow_up_done",
    ),
]
