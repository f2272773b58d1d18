from django.urls import path

from navet.monitoring import api, own, views

app_name = "monitoring"

urlpatterns = [
    path("hemmonitorering/", views.worklist, name="worklist"),
    path("hemmonitorering/person/<int:person_id>/", views.person_page, name="person"),
    path("hemmonitorering/person/<int:person_id>/inskriv/", views.enrol, name="enrol"),
    path("hemmonitorering/person/<int:person_id>/matenhet/", views.add_device, name="add_device"),
    path("hemmonitorering/person/<int:person_id>/granser/", views.thresholds, name="thresholds"),
    path("hemmonitorering/person/<int:person_id>/avsluta/", views.end, name="end"),
    path(
        "hemmonitorering/person/<int:person_id>/matenhet/<int:device_id>/aterkalla/",
        views.revoke_device,
        name="revoke_device",
    ),
    path(
        "hemmonitorering/person/<int:person_id>/larm/<int:alert_id>/kvittera/",
        views.acknowledge,
        name="acknowledge",
    ),
    path("mina-matningar/", own.own_monitoring, name="own"),
    path("api/fhir/Observation", api.observation, name="fhir_observation"),
]
