from django.conf import settings
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("navet.web.urls")),
    path("", include("navet.citizen.urls")),
    path("", include("navet.access.urls")),
    path("", include("navet.listing.urls")),
    path("", include("navet.roadmap.urls")),
    path("", include("navet.messaging.urls")),
    path("", include("navet.plans.urls")),
    path("", include("navet.mobile.urls")),
    path("", include("navet.payment.urls")),
    path("", include("navet.transitions.urls")),
    path("", include("navet.remote.urls")),
    path("", include("navet.followup.urls")),
    path("", include("navet.reception.urls")),
    path("", include("navet.monitoring.urls")),
    path("", include("navet.deviations.urls")),
]

if settings.NAVET_OIDC_ENABLED:
    urlpatterns.append(path("oidc/", include("mozilla_django_oidc.urls")))

handler403 = "navet.web.views.permission_denied"
handler404 = "navet.web.views.page_not_found"
handler500 = "navet.web.views.server_error"
