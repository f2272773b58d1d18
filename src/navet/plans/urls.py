from django.urls import path

from navet.plans import print_views, views

app_name = "plans"

P = "invanare/<int:person_id>/sip/"
PLAN = P + "<int:plan_id>/"

urlpatterns = [
    path("sip/", views.worklist, name="worklist"),
    path(P, views.person_plans, name="person_plans"),
    path(P + "ny/", views.new_plan, name="new"),
    path(PLAN, views.detail, name="detail"),
    path(PLAN + "plan/", views.edit, name="edit"),
    path(PLAN + "versioner/", views.versions, name="versions"),
    path(PLAN + "samtycke/", views.consent, name="consent"),
    path(PLAN + "samtycke/<int:consent_id>/aterkalla/", views.withdraw, name="withdraw"),
    path(PLAN + "inbjudan/", views.invite, name="invite"),
    path(PLAN + "extern/", views.invite_external, name="invite_external"),
    path(PLAN + "mote/", views.meeting, name="meeting"),
    path(PLAN + "mote/<int:meeting_id>/anteckningar/", views.minutes, name="minutes"),
    path(PLAN + "mote/<int:meeting_id>/kalender.ics", views.calendar_file, name="ics"),
    path(PLAN + "steg/", views.stage, name="stage"),
    path(PLAN + "faststall/", views.finalise, name="finalise"),
    path(PLAN + "narstaende/", views.relative, name="relative"),
    path(PLAN + "sekretess/", views.secrecy, name="secrecy"),
    path(PLAN + "samordnare/", views.hand_over, name="hand_over"),
]

# The person's own plan printed by staff (the paper fallback): navet.plans.print_views
urlpatterns += [path(PLAN + "utskrift.pdf", print_views.plan_pdf, name="print")]
