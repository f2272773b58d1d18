from django.urls import path

from navet.listing import views

app_name = "listing"

person = "invanare/<int:person_id>"

urlpatterns = [
    path(f"{person}/listning/", views.person, name="person"),
    path(f"{person}/listning/byt/", views.change_listing, name="change_listing"),
    path(f"{person}/listning/vantelista/", views.join_waiting_list, name="join_waiting_list"),
    path(f"{person}/listning/avsluta/", views.end_listing, name="end_listing"),
    path(f"{person}/fasta-kontakter/utse/", views.appoint, name="appoint"),
    path(
        f"{person}/fasta-kontakter/<int:contact_id>/avsluta/",
        views.end_contact,
        name="end_contact",
    ),
    path(f"{person}/livshotande-tillstand/", views.condition, name="condition"),
    path("listning/arbetslistor/", views.worklist, name="worklist"),
    path("listning/enhet/", views.unit, name="unit"),
    path("listning/enhet/listningstak/", views.set_cap, name="set_cap"),
    path("listning/enhet/vantelista/lista/", views.admit, name="admit"),
    path("listning/import/", views.import_file, name="import"),
]

# Capacity and the person's own choice (issue 5, parts 3 and 6).
from navet.listing import views_capacity, views_choice  # noqa: E402

urlpatterns += [
    path("listning/kapacitet/", views_capacity.dashboard, name="capacity"),
    path("listning/egna-val/", views_choice.requests, name="choice_requests"),
    path("listning/egna-val/<int:choice_id>/", views_choice.decide, name="choice_decide"),
    path("mina-kontakter/fast-lakarkontakt/", views_choice.choose_doctor, name="choose_doctor"),
    path(
        "mina-kontakter/fast-lakarkontakt/val/", views_choice.request_doctor, name="request_doctor"
    ),
    path(
        "mina-kontakter/fast-lakarkontakt/<int:choice_id>/aterta/",
        views_choice.withdraw,
        name="withdraw_choice",
    ),
]

from navet.listing import views_proposals  # noqa: E402 (issue 5 part 4, added on its own)

urlpatterns += [
    path("listning/forslag/", views_proposals.proposals, name="proposals"),
    path("listning/forslag/<int:run_id>/", views_proposals.proposal_run, name="proposal_run"),
    path("listning/forslag/<int:run_id>/godkann/", views_proposals.accept, name="accept_proposals"),
]
