from django.urls import path

from navet.access.views import staff

app_name = "access"

person = "invanare/<int:person_id>"

urlpatterns = [
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
]
