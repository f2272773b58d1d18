"""The resident's own values: the form, the refusal of an impossible value, charts and table."""

import pytest

from navet.monitoring.models import Alert, Measurement

pytestmark = pytest.mark.django_db


def test_not_enrolled(client_as, small_county):
    body = client_as("invanare").get("/mina-matningar/").content.decode()
    assert "inte inskriven" in body
    assert "Mina mätningar" not in client_as("invanare").get("/").content.decode()


def test_the_resident_adds_a_value_and_sees_it(client_as, enrolment):
    client = client_as("invanare")
    assert "Lämna ett mätvärde" in client.get("/").content.decode()
    response = client.post(
        "/mina-matningar/",
        {"measure": "glucose", "value": "17,2", "effective_at": "2026-01-05T07:30"},
    )
    assert response.status_code == 302
    stored = Measurement.objects.get()
    assert (stored.measure, str(stored.value), stored.unit, stored.source) == (
        "glucose", "17.20", "mmol/L", "form"
    )  # fmt: skip
    assert "över gränsen 15" in Alert.objects.get().reason
    body = client.get("/mina-matningar/").content.decode()
    assert 'role="img"' in body and "<caption" in body and "17,2" in body


@pytest.mark.parametrize(
    ("measure", "value", "message"),
    [("spo2", "130", "inte ett möjligt värde"), ("spo2", "mycket", "ett tal"),
     ("pulse", "70", "Välj ett giltigt alternativ")],
)  # fmt: skip
def test_an_impossible_value_is_refused_with_the_reason(
    client_as, enrolment, measure, value, message
):
    response = client_as("invanare").post(
        "/mina-matningar/", {"measure": measure, "value": value, "effective_at": "2026-01-05T07:30"}
    )
    assert response.status_code == 400 and message in response.content.decode()
    assert not Measurement.objects.exists()


def test_a_double_submit_stores_one_value(client_as, enrolment):
    client = client_as("invanare")
    form = {"measure": "spo2", "value": "95", "effective_at": "2026-01-05T07:30"}
    assert client.post("/mina-matningar/", form).status_code == 302
    assert client.post("/mina-matningar/", form).status_code == 302
    assert Measurement.objects.count() == 1
