"""Steps of the safe-discharge browser walk, one function per person's turn, so that the walk
reads as the process does. Every step ends with the page checked by axe-core (WCAG 2.1 AA)."""

from __future__ import annotations

import re
from datetime import timedelta

from django.utils import timezone

from navet.transitions.models_planning import MunicipalPlan


def expect_clean(page, axe_violations) -> None:
    report = axe_violations(page)
    assert not report, report


def as_user(page, browser_login, username: str) -> None:
    page.context.clear_cookies()
    browser_login(page, username)


def register_admission(page, axe_violations, person) -> None:
    """The ward nurse, refused the record, registers the admission from the refusal page."""
    page.goto(f"/invanare/{person.pk}/")
    page.get_by_role("link", name="Registrera inskrivningen").click()
    page.wait_for_url(re.compile(r"/utskrivning/ny/$"))
    expect_clean(page, axe_violations)
    # registered two hours after the fact: the form takes the time to the minute, and the
    # ready mark and the discharge later in the walk must not precede it
    page.get_by_label(re.compile(r"^Inskriven:?$")).fill(
        f"{timezone.localtime() - timedelta(hours=2):%Y-%m-%dT%H:%M}"
    )
    page.get_by_label("Akut").check()
    page.get_by_label("Somatisk vård").check()
    page.get_by_label("Inskrivningsorsak").fill("Fall i hemmet")
    page.get_by_label("Samtycker inte").check()
    page.get_by_label(re.compile("kan behöva insatser efter utskrivningen")).check()
    page.get_by_label("Beräknat utskrivningsdatum").fill(
        f"{timezone.localdate() + timedelta(days=1):%Y-%m-%d}"
    )
    page.get_by_role("button", name="Spara").click()
    page.wait_for_url(re.compile(r"/utskrivning/\d+/$"))
    main = page.locator("main").inner_text()
    assert "Elsa Lindqvist är inskriven på Avdelning 31, medicin." in page.content()
    assert "Samtycke saknas" in main and "Vårdcentralen Skiljebo" in main
    expect_clean(page, axe_violations)


def acknowledge_admission_notice(page, axe_violations) -> None:
    """The health centre's nurse, from her start card and worklist, acknowledges in the inbox;
    without consent the notice shows no reason for the admission."""
    assert "1 meddelanden att kvittera" in page.locator("#transitions").inner_text()
    page.get_by_role("link", name="Arbetslista för utskrivning").click()
    assert "i morgon" in page.locator("#discharges-soon").inner_text()
    expect_clean(page, axe_violations)
    page.get_by_role("link", name=re.compile("Inskrivningsmeddelande: Elsa Lindqvist")).click()
    page.wait_for_url(re.compile(r"/inkorg/\d+/$"))
    main = page.locator("main").inner_text()
    assert "Samtycke saknas" in main and "Fall i hemmet" not in main
    page.get_by_role("button", name="Kvittera").click()
    page.get_by_text("Ärendet är kvitterat.").wait_for()
    expect_clean(page, axe_violations)


def ward_plans(page, axe_violations, url: str) -> None:
    page.goto(url)
    page.get_by_role("link", name="Planering, hemgångsklar och meddelanden").click()
    page.wait_for_url(re.compile(r"/planering/$"))
    expect_clean(page, axe_violations)
    page.get_by_role("button", name="Klar: Läkemedelslista klar").click()
    page.get_by_text("Punkten är avbockad.").wait_for()
    assert "Lena Dahl" in page.locator("#checklist").inner_text()
    page.get_by_label("Nytt meddelande").fill("Elsa kan gå hem på fredag om hemtjänsten är klar.")
    page.get_by_role("button", name="Skicka meddelandet").click()
    page.get_by_text("Meddelandet är skickat.").wait_for()
    expect_clean(page, axe_violations)


def municipality_plans(page, axe_violations, url: str) -> None:
    """The care manager reads the ward's message, saves the municipality's plan, ticks her
    items and sees what the ward still lacks."""
    page.goto(url + "planering/")
    assert "hemtjänsten är klar" in page.locator("#message").inner_text()
    page.get_by_label(re.compile(r"^Hemtjänst:?$")).check()
    page.get_by_label("Hemtjänst – omfattning").fill("Morgon och kväll")
    page.get_by_label(re.compile(r"^Hjälpmedel:?$")).check()
    page.get_by_label("Hjälpmedel – vilka").fill("Rollator")
    page.get_by_role("button", name="Spara planeringen").click()
    page.get_by_text("Planeringen är sparad.").wait_for()
    assert MunicipalPlan.objects.get().aids_details == "Rollator"
    for label in ("Hemtjänst beslutad", "Hjälpmedel på plats"):
        page.get_by_role("button", name=f"Klar: {label}").click()
        page.get_by_text("Punkten är avbockad.").wait_for()
    missing = page.locator("#missing").inner_text()
    assert "Kommunen" not in missing and "Avdelningen" in missing
    assert "hemsjukvården informerad" in missing
    expect_clean(page, axe_violations)


def doctor_marks_ready(page, axe_violations, url: str) -> None:
    page.goto(url)
    assert "Kvitterat" in page.locator("main").inner_text()
    page.locator("#action-ready summary").click()
    page.get_by_role("button", name="Patienten är utskrivningsklar nu").click()
    page.get_by_text("Patienten är utskrivningsklar.").wait_for()
    assert "Ja, sedan" in page.locator("#ready-state").inner_text()
    expect_clean(page, axe_violations)


def ward_needs_sip(page, axe_violations, url: str) -> None:
    page.goto(url)
    page.get_by_role("button", name="SIP behövs").click()
    page.get_by_text("SIP behövs är registrerat.").wait_for()
    assert "ska skickas senast" in page.locator("#sip-state").inner_text()
    expect_clean(page, axe_violations)


def named_contact_sends_sip_call(page, axe_violations) -> None:
    page.goto("/utskrivning/")
    calls = page.locator("#sip-calls").inner_text()
    assert "Elsa Lindqvist" in calls and "försenad" not in calls
    expect_clean(page, axe_violations)
    page.locator("#sip-calls").get_by_role("link", name="Elsa Lindqvist").click()
    page.get_by_label("Personen samtycker").check()
    page.get_by_label("Vid besök").check()
    page.get_by_role("button", name="Skicka kallelse till SIP").click()
    page.get_by_text("Kallelsen till SIP är skickad till kommunen.").wait_for()
    assert "Kallelsen skickad" in page.locator("#sip-state").inner_text()
    expect_clean(page, axe_violations)


def ward_notifies_and_discharges(page, axe_violations, url: str) -> None:
    page.goto(url)
    page.get_by_role("button", name="Skicka meddelande om utskrivning").click()
    page.get_by_text("Meddelandet om utskrivning är skickat.").wait_for()
    assert "Vårdcentralen Skiljebo" in page.locator("#discharge-notice").inner_text()
    page.locator("#action-discharge summary").click()
    page.get_by_label("Utskriven till").select_option("home")
    page.get_by_role("button", name="Skriv ut patienten").click()
    page.get_by_text("Patienten är utskriven.").wait_for()
    assert "Skickat i tid" in page.locator("#discharge-notice").inner_text()
    expect_clean(page, axe_violations)


def municipality_claims_gap_days(page, axe_violations, url: str) -> None:
    """The care manager claims today as a day caused by the region's gap (§14)."""
    page.goto(url + "planering/")
    today = f"{timezone.localdate():%Y-%m-%d}"
    page.get_by_label("Från och med").fill(today)
    page.get_by_label("Till och med").fill(today)
    page.get_by_label("Brist hos regionen").select_option("named_contact_missing")
    page.get_by_label("Beskrivning").fill("Fast vårdkontakt var inte utsedd vid utskrivningen")
    page.get_by_role("button", name="Begär undantagna dagar").click()
    page.get_by_text("Begäran om undantagna dagar är skickad till regionen.").wait_for()
    assert "Begärd av kommunen" in page.locator("#gaps").inner_text()
    expect_clean(page, axe_violations)


def ward_confirms_gap_days(page, axe_violations, url: str) -> None:
    page.goto(url + "planering/")
    page.get_by_role("button", name="Bekräfta").click()
    page.get_by_text("Dagarna är bekräftade").wait_for()
    assert "Bekräftad av regionen" in page.locator("#gaps").inner_text()
    expect_clean(page, axe_violations)


def follow_up_call_done(page, axe_violations) -> None:
    """Right after the discharge the call is listed but not yet due (it is from 48 h on)."""
    page.goto("/utskrivning/")
    follow_ups = page.locator("#follow-ups").inner_text()
    assert "Elsa Lindqvist" in follow_ups and "ring nu" not in follow_ups
    page.locator("#follow-ups").get_by_role("link", name="Elsa Lindqvist").click()
    page.get_by_label("Anteckning (valfri)").fill("Mår bra")
    page.get_by_role("button", name="Samtalet är gjort").click()
    page.get_by_text("Det uppföljande samtalet är markerat som gjort.").wait_for()
    state = page.locator("#follow-up-state").inner_text()
    assert "Gjort" in state and "Eva Holm" in state
    assert timezone.localdate().isoformat() in state
    expect_clean(page, axe_violations)
    page.goto("/utskrivning/")
    assert "Inga uppföljande samtal väntar" in page.locator("#follow-ups").inner_text()
