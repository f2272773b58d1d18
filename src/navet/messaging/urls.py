from django.urls import path

from navet.messaging import views

app_name = "messaging"

urlpatterns = [
    path("inkorg/", views.inbox, name="inbox"),
    path("inkorg/antal/", views.badge, name="badge"),
    path("inkorg/nytt/", views.compose, name="compose"),
    path("inkorg/avisering/", views.subscription, name="subscription"),
    path("inkorg/<int:item_id>/", views.item_detail, name="item"),
    path("inkorg/<int:item_id>/bilaga/<int:attachment_id>/", views.attachment, name="attachment"),
    path("inkorg/<int:item_id>/kvittera/", views.acknowledge_item, name="acknowledge"),
    path("inkorg/<int:item_id>/vidarebefordra/", views.forward_item, name="forward"),
    path(
        "invanare/<int:person_id>/meddelande/",
        views.compose_about_person,
        name="compose_about_person",
    ),
]
