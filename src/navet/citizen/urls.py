from django.urls import path

from navet.citizen import guardian, plans, views

app_name = "citizen"

urlpatterns = [
    path("mina-kontakter/", views.my_contacts, name="my_contacts"),
    path("mina-samtycken/", views.my_consents, name="my_consents"),
    path(
        "mina-samtycken/<int:consent_id>/aterkalla/",
        views.withdraw_consent,
        name="withdraw_consent",
    ),
    path("mina-samtycken/sparr/", views.set_block, name="set_block"),
    path("min-logg/", views.my_log, name="my_log"),
    path("min-logg/pdf/", views.my_log_pdf, name="my_log_pdf"),
]

# The resident's own plans (issue "Coordinated care", part 7): navet.citizen.plans
urlpatterns += [
    path("mina-planer/", plans.my_plans, name="my_plans"),
    path("mina-planer/<int:plan_id>/", plans.my_plan, name="my_plan"),
    path("mina-planer/<int:plan_id>/last/", plans.confirm_read, name="confirm_read"),
    path("mina-planer/<int:plan_id>/fraga/", plans.ask, name="ask_coordinator"),
    path("mina-planer/<int:plan_id>/plan.pdf", plans.my_plan_pdf, name="my_plan_pdf"),
    path(
        "mina-planer/overenskommelse/<int:agreement_id>/",
        plans.my_agreement,
        name="my_agreement",
    ),
    path(
        "mina-planer/overenskommelse/<int:agreement_id>/overenskommelse.pdf",
        plans.my_agreement_pdf,
        name="my_agreement_pdf",
    ),
]

# A guardian's view of a child's plans (*Mina barn*): navet.citizen.guardian
CHILD = "mina-barn/<int:child_id>/"
urlpatterns += [
    path("mina-barn/", guardian.my_children, name="my_children"),
    path(CHILD + "sip/<int:plan_id>/", guardian.child_plan, name="child_plan"),
    path(CHILD + "sip/<int:plan_id>/last/", guardian.confirm_read, name="child_confirm_read"),
    path(CHILD + "sip/<int:plan_id>/fraga/", guardian.ask, name="child_ask_coordinator"),
    path(CHILD + "sip/<int:plan_id>/plan.pdf", guardian.child_plan_pdf, name="child_plan_pdf"),
    path(
        CHILD + "overenskommelse/<int:agreement_id>/",
        guardian.child_agreement,
        name="child_agreement",
    ),
    path(
        CHILD + "overenskommelse/<int:agreement_id>/overenskommelse.pdf",
        guardian.child_agreement_pdf,
        name="child_agreement_pdf",
    ),
]
