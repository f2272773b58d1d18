"""The resident's own home monitoring: their values as charts and tables, and a form to add a
value. Passes the gate with purpose OWN_DATA (`own_data_view`); a new value is logged by the
service."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render

from navet.access.decorators import own_data_view
from navet.monitoring import selectors, services
from navet.monitoring.forms import ValueForm
from navet.monitoring.values import ValueError_


@own_data_view("own_monitoring")
def own_monitoring(request, person):
    enrolment = services.current_enrolment(person)
    if enrolment is None:
        return render(request, "monitoring/own.html", {"person": person, "enrolment": None})
    keys = list(enrolment.measures.values_list("measure", flat=True))
    form = ValueForm(request.POST or None, measures=keys)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.record_value(
                    enrolment=enrolment,
                    checked=form.cleaned_data["checked"],
                    effective_at=form.cleaned_data["effective_at"],
                    actor=request.navet_access.actor,
                    user=request.user,
                )
            except ValueError_ as error:
                form.add_error(None, error.reason)
            else:
                messages.success(request, "Ditt mätvärde är sparat.")
                return redirect("monitoring:own")
        status = 400
    context = {
        "person": person,
        "enrolment": enrolment,
        "form": form,
        "series": selectors.series(enrolment, prefix="own"),
    }
    return render(request, "monitoring/own.html", context, status=status)
