from django.urls import path

from navet.access.views import login, security, staff

app_name = "access"

person = "invanare/<int:person_id>"

urlpatterns = [
    path("logga-in/kod/", login.otp_verify, name="otp_verify"),
    path("konto/tvastegsverifiering/", login.otp_setup, name="otp_setup"),
    path(f"{person}/vardrelation/", staff.register_relationship, name="register_relationship"),
    path(f"{person}/nodatkomst/", staff.emergency_start, name="emergency_start"),
    path(f"{person}/nodatkomst/<int:emergency_id>/", staff.emergency_open, name="emergency_open"),
    path(f"{person}/samtycken/", staff.consents, name="consents"),
    path(f"{person}/samtycken/nytt/", staff.give_consent, name="give_consent"),
    path(
        f"{person}/samtycken/<int:consent_id>/aterkalla/",
        staff.withdraw_consent,
        name="withdraw_consent",
    ),
    path(f"{person}/sparrar/ny/", staff.set_block, name="set_block"),
    path(f"{person}/sparrar/<int:block_id>/hav/", staff.lift_block, name="lift_block"),
    path("loggranskning/", security.review_list, name="review_list"),
    path("loggranskning/export.csv", security.review_list_csv, name="review_list_csv"),
    path("loggranskning/stickprov/", security.create_sample, name="create_sample"),
    path("loggranskning/riktade/", security.run_targeted, name="run_targeted"),
    path("loggranskning/<int:review_id>/", security.review_detail, name="review_detail"),
    path("loggranskning/<int:review_id>/pdf/", security.review_pdf, name="review_pdf"),
    path("loggsok/", security.log_search, name="log_search"),
    path("loggsok/export.csv", security.log_search_csv, name="log_search_csv"),
    path("loggsok/export.pdf", security.log_search_pdf, name="log_search_pdf"),
]
