"""Calibration: every rate and share the generator uses, with its source.

Sources are in shared/design/research/indicators.md (§ numbers below) unless another is given;
figures marked [unverified] there are defaults, not truths. docs/synth.md lists them all.
"""

from __future__ import annotations

import numpy as np

MIN_PERSONS_PER_MUNICIPALITY = 20
MAX_AGE = 105
AGES = np.arange(MAX_AGE + 1)
AGE_BANDS = (0, 18, 65, 80)  # 0–17, 18–64, 65–79, 80+ (band index 0–3)


def age_band(age: np.ndarray) -> np.ndarray:
    return np.searchsorted(np.array(AGE_BANDS[1:]), age, side="right").astype(np.int8)


# --- Population (§5.5) --------------------------------------------------------------------------
# A stable population: Gompertz–Makeham survival and a small growth term, fitted so that the
# national bands come out 0–17 21 %, 18–64 58 %, 65–79 15 %, 80+ 5.9 % (§5.5, [unverified] bands).
_SHAPE_GOMPERTZ_A, _SHAPE_GOMPERTZ_B, _SHAPE_GROWTH = 2e-5, 0.106, -0.003
SEX_RATIO_AT_BIRTH = 1.05  # boys per girl


def _survival(a: float, b: float, makeham: float = 0.0002, infant: float = 0.002) -> np.ndarray:
    hazard = makeham + a * np.exp(b * AGES)
    hazard[0] += infant
    return np.exp(-np.concatenate([[0.0], np.cumsum(hazard)[:-1]]))


def base_age_structure() -> np.ndarray:
    """Relative numbers alive by (sex, age): row 0 women, row 1 men; more women at high ages."""
    growth = np.exp(-_SHAPE_GROWTH * AGES)
    women = _survival(_SHAPE_GOMPERTZ_A * 0.6, _SHAPE_GOMPERTZ_B) * growth
    men = _survival(_SHAPE_GOMPERTZ_A, _SHAPE_GOMPERTZ_B) * growth * SEX_RATIO_AT_BIRTH
    return np.vstack([women, men])


def mortality() -> np.ndarray:
    """Yearly death probability by (sex, age). Swedish levels: ≈ 0.9 %/yr overall, ≈ 4.5 % at 80,
    ≈ 12 % at 90 (SCB life tables, rounded); used for deaths during the history."""
    base = 0.0001 + 1.5e-5 * np.exp(0.1 * AGES)
    base[0] += 0.002
    return np.clip(np.vstack([base * 0.8, base * 1.25]), 0, 0.6)


# 65+ share per county (§5.1–5.4; Västmanland 21.7 % in 2018) and how much older small
# municipalities are: share = county level + OLD_TILT_PER_LOG_POP * ln(reference pop / pop).
COUNTY_65_SHARE = {"19": 0.217, "22": 0.245, "24": 0.21, "14": 0.195}
DEFAULT_65_SHARE = 0.20
OLD_TILT_PER_LOG_POP = 0.03
MUNICIPAL_65_SHARE_RANGE = (0.14, 0.34)

MOVE_WITHIN_COUNTY_PER_YEAR = 0.02  # brief: ≈ 2 %/yr change municipality
MOVE_INTO_COUNTY_PER_YEAR = 0.012  # "a few move into the county"
PROTECTED_IDENTITY_SHARE = 0.002
COORDINATION_NUMBER_SHARE = 0.01  # adults offered a samordningsnummer from the test list

# --- Care in the municipality (§5.6) --------------------------------------------------------------
# Nursing home (SÄBO) by age at the end date: gives ≈ 4.5 % of 65+ (§5.6, 2015 figure).
NURSING_HOME_BY_AGE = ((65, 0.006), (75, 0.018), (80, 0.05), (85, 0.14), (90, 0.30), (95, 0.48))
NURSING_HOME_AT_DEATH_BY_AGE = ((65, 0.05), (75, 0.15), (80, 0.30), (85, 0.45), (90, 0.55))
# Home care (hemtjänst) in ordinary housing: ≈ 11 % of 65+ (§5.6).
HOME_CARE_BY_AGE = ((18, 0.004), (65, 0.033), (75, 0.09), (80, 0.2), (85, 0.36), (90, 0.52))
HOME_CARE_AT_DEATH_65PLUS = 0.45
NURSING_HOME_PLACES = (40, 70)  # places per home; count = residents / 55
DIE_IN_HOSPITAL = {"nursing_home": 0.12, "other": 0.45}
SHORT_TERM_AFTER_DISCHARGE = 0.16  # 65+ with home care or ready-for-discharge
SHORT_TERM_DAYS = (7, 42)
RESPITE_STAYS_PER_YEAR = 0.04  # planned short-term stays (växelvård) for home-care users

# --- Organisation -------------------------------------------------------------------------------
INHABITANTS_PER_HEALTH_CENTRE = 8_700  # §5.6: just under 1 200 vårdcentraler
PRIVATE_HEALTH_CENTRE_SHARE = {"19": 0.35, "22": 0.22, "24": 0.13, "14": 0.45}  # §5.6 by region
DEFAULT_PRIVATE_SHARE = 0.30
INHABITANTS_PER_HOME_CARE_UNIT = 15_000
INHABITANTS_PER_HOME_HEALTH_CARE_UNIT = 60_000
SECONDARY_HOSPITAL_MIN_POPULATION = 20_000
MAX_SECONDARY_HOSPITALS = 3
BEDS_PER_WARD = 24
# Occupied beds per 1 000 inhabitants by ward type: 132 episodes × ≈ 5.5 days / 365 ≈ 2 beds.
BEDS_PER_1000 = {
    "medicine": 0.9,
    "surgery": 0.36,
    "orthopaedics": 0.24,
    "geriatrics": 0.24,
    "psychiatry": 0.26,
}
LISTED_PER_DOCTOR_FTE = 1_950  # §2.5: Vårdanalys, today's supply (not the 1 100 target)
STAFF_TURNOVER_PER_YEAR = 0.06  # share of posts whose holder changes in a year
DUAL_ASSIGNMENT_SHARE = 0.02  # staff who serve two units (0.5 + 0.5)

# --- Listing and named contacts (§2.5) ----------------------------------------------------------
NEVER_LISTED = 0.006  # + newcomers not yet listed ⇒ ≈ 99 % listed
LISTED_IN_OTHER_MUNICIPALITY = 0.08
ACTIVE_CHOICE_SHARE = 0.6
LISTING_CHANGE_PER_YEAR = 0.04
RELIST_AFTER_MOVE = 0.85
# Named doctor: the share of listed persons who have one on the end date (default 15 %, near
# today's 10–18 % in Västerbotten; the state target is 55 %; `--named-doctor-share`), spread by
# (65+, chronic) with these relative weights (older and chronically ill people first).
NAMED_DOCTOR_SHARE = 0.15
NAMED_DOCTOR = {(False, False): 0.09, (False, True): 0.26, (True, False): 0.32, (True, True): 0.55}
# Share of drawn named doctors still in place on the end date (holders who leave without a
# successor, starts after the end): measured, ≈ 0.975 (county 19, scales 0.1 and 1.0).
NAMED_DOCTOR_RETENTION = 0.975
NAMED_CARE_CONTACT_65PLUS = {"needs": 0.30, "other": 0.04}
NAMED_CARE_CONTACT_AT_DISCHARGE = 0.45
NAMED_SOCIAL_CARE_CONTACT = 0.85
LOYALTY_NAMED = 0.78  # chance a doctor visit at the listing unit goes to the named doctor
LOYALTY_USUAL = (2.0, 2.2)  # beta(a, b) per person: chance to see one's usual doctor
CHRONIC_BY_BAND = (0.05, 0.14, 0.42, 0.60)

# --- Visits (§5.6) ------------------------------------------------------------------------------
PRIMARY_VISITS_PER_YEAR = 4.3
PRIMARY_VISITS_AGE_FACTOR = (0.65, 0.8, 1.55, 2.2)
SPECIALIST_VISITS_PER_YEAR = 1.3
SPECIALIST_VISITS_AGE_FACTOR = (0.45, 0.85, 1.8, 1.95)
PRIMARY_PROFESSIONS = (  # profession, share under 65, share 65+ (doctors ≈ one third)
    ("doctor", 0.33, 0.36),
    ("district_nurse", 0.20, 0.30),
    ("nurse", 0.15, 0.12),
    ("physiotherapist", 0.13, 0.10),
    ("psychologist", 0.05, 0.01),
    ("counsellor", 0.05, 0.01),
    ("occupational_therapist", 0.03, 0.04),
    ("assistant_nurse", 0.05, 0.05),
    ("dietitian", 0.01, 0.01),
)
FORMS = ("physical", "home", "phone", "video", "written")
PRIMARY_FORMS = {  # by living situation: own home, home care, nursing home
    "own_home": (0.775, 0.02, 0.15, 0.035, 0.02),
    "home_care": (0.45, 0.35, 0.15, 0.03, 0.02),
    "nursing_home": (0.15, 0.70, 0.12, 0.02, 0.01),
}
SPECIALIST_FORMS = (0.85, 0.0, 0.10, 0.04, 0.01)
CARE_REQUEST_SHARE = 0.30  # of primary-care visits by licensed staff that are first assessments
CARE_REQUEST_REASONS = (("new", 0.60), ("worsened", 0.25), ("no_effect", 0.08), ("other", 0.07))
# Days from request to first assessment: doctors and nurses ≈ 85 % within 3 days, the rest
# 40–58 % (§2.8); 0 … 3 days, then 4–7 and 8–30.
ASSESSMENT_WAIT = {
    "fast": (0.5, 0.2, 0.1, 0.07, 0.08, 0.05),
    "slow": (0.12, 0.12, 0.12, 0.12, 0.3, 0.22),
}
CARE_REQUESTS_NEVER_ASSESSED = 0.01
PHONE_CALLS_PER_LISTED_PER_YEAR = 2.3  # ≈ 2 million calls a month nationally (§2.8)
PHONE_ANSWERED_SAME_DAY = 0.76  # Västerbotten 76 % (DOMAIN.md); national 86–88 % in 2018
PHONE_HOURS = (0, 0, 0, 0, 0, 0, 0, 0, 20, 16, 13, 11, 6, 10, 9, 8, 7, 0, 0, 0, 0, 0, 0, 0)

# --- Hospital (§5.6, §2.3, §2.4, §2.7) ----------------------------------------------------------
# Episodes per 1 000 per year by band ([unverified] defaults giving ≈ 132 overall); the base
# process is scaled down because transfers and explicit readmissions add episodes on top.
EPISODES_PER_1000 = (55, 95, 250, 500)
BASE_EPISODE_FACTOR = 0.86
PSYCHIATRIC_SHARE_BY_BAND = (0.04, 0.09, 0.015, 0.008)
ACUTE_SHARE_BY_BAND = (0.8, 0.55, 0.7, 0.82)
TRANSFER_SHARE = 0.055
READMISSION_65PLUS = 0.025  # explicit; with frailty the 30-day share lands ≈ 10 % (§2.3)
READMISSION_DIAGNOSIS_FACTOR = 1.6  # heart failure, COPD, pneumonia index episodes
LOS_MEAN_DAYS = {"acute": (3.0, 4.8, 6.2, 7.2), "planned": 3.5, "psychiatric": 16.0}
READY_SHARE_65PLUS = {"needs": 0.75, "65-79": 0.28, "80+": 0.42, "psychiatric": 0.10}
# Days from ready-for-discharge to discharge: mostly 0–2, a tail of longer waits (§2.4).
READY_WAIT_DAYS = (
    (0, 0.40),
    (1, 0.22),
    (2, 0.12),
    (3, 0.07),
    (4, 0.05),
    (5, 0.04),
    (7, 0.04),
    (10, 0.03),
    (15, 0.02),
    (25, 0.01),
)
ED_VISITS_PER_1000 = 173  # §5.6, 2023
ED_LINKED_TO_ACUTE_ADMISSION = 0.6
ED_INDEPENDENT_AGE_FACTOR = (0.85, 0.85, 1.0, 2.0)
ED_FRAILTY_SHAPE = 0.15
ED_HEAVY_USERS = 0.0012  # adults with 8–35 visits a year (some 20+, §2.7)
ED_HOURS = (
    2,
    1.5,
    1.2,
    1,
    1,
    1.2,
    2,
    3.5,
    5.5,
    6.5,
    7,
    7,
    6.8,
    6.5,
    6.3,
    6.2,
    6.3,
    6.2,
    5.8,
    5.2,
    4.6,
    3.8,
    3.2,
    2.5,
)
ADMISSION_HOURS_ACUTE = ED_HOURS
DISCHARGE_HOURS = (0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 3, 4, 4, 4, 4, 3, 2, 1, 0.5, 0.3, 0.2, 0, 0, 0)
OTHER_ED_SHARE = 0.08
HOSPITAL_DESTINATIONS = (("other_hospital", 0.015), ("other", 0.02))

# Main diagnoses per ward type: (ICD-10, weight). ACSC codes (§2.2 plus pneumonia and UTI as in
# the brief) are marked in ACSC_PREFIXES; the weights give ≈ 12–15 % ACSC episodes in all.
DIAGNOSES = {
    "medicine": (
        ("I50.9", 5.0),
        ("J44.1", 3.5),
        ("J18.9", 4.5),
        ("N39.0", 2.5),
        ("E11.6", 0.9),
        ("E10.1", 0.4),
        ("I20.9", 1.2),
        ("I10", 0.6),
        ("J45.9", 0.5),
        ("G40.9", 0.6),
        ("D50.9", 0.4),
        ("E86", 0.9),
        ("N10", 0.5),
        ("I21.4", 5),
        ("I48.9", 6),
        ("I63.9", 5),
        ("R07.4", 7),
        ("A41.9", 4),
        ("R55", 3),
        ("K92.2", 2),
        ("N17.9", 2),
        ("I26.9", 1.5),
        ("C34.9", 2),
        ("R53.9", 3),
        ("B34.2", 3),
        ("K29.7", 2),
        ("Z51.1", 2.5),
        ("R06.0", 3),
        ("F10.3", 1.5),
        ("T42.4", 1.0),
    ),
    "surgery": (
        ("K35.8", 8),
        ("K80.2", 9),
        ("K56.6", 4),
        ("K57.3", 5),
        ("R10.4", 10),
        ("C18.9", 4),
        ("K40.9", 4),
        ("K25.4", 0.8),
        ("K52.9", 1.0),
        ("K85.9", 4),
        ("N20.0", 5),
        ("C50.9", 3),
        ("S36.1", 1),
        ("K61.0", 2),
    ),
    "orthopaedics": (
        ("S72.0", 10),
        ("S72.1", 5),
        ("S82.8", 6),
        ("S52.5", 3),
        ("M16.1", 8),
        ("M17.1", 8),
        ("S32.0", 3),
        ("S42.2", 4),
        ("M54.5", 3),
        ("T84.5", 2),
    ),
    "geriatrics": (
        ("I50.9", 5),
        ("J18.9", 4),
        ("N39.0", 4),
        ("E86", 2.5),
        ("S72.0", 5),
        ("R26.8", 6),
        ("F05.9", 6),
        ("I63.9", 4),
        ("R29.6", 6),
        ("J44.1", 3),
        ("G30.9", 4),
        ("R53.9", 6),
        ("I48.9", 3),
        ("A41.9", 2),
    ),
    "psychiatry": (
        ("F32.2", 6),
        ("F33.1", 5),
        ("F20.0", 5),
        ("F31.1", 3),
        ("F10.2", 4),
        ("F43.2", 4),
        ("F60.3", 3),
        ("F41.1", 2),
        ("F25.1", 2),
        ("F29.9", 2),
    ),
}
ACSC_PREFIXES = (
    "I50",
    "J44",
    "E10",
    "E11",
    "J13",
    "J14",
    "J15",
    "J16",
    "J18",
    "N39.0",
    "E86",
    "I20",
    "I10",
    "J45",
    "G40",
    "D50",
    "N10",
    "K25",
    "K52",
)
READMISSION_PRONE_PREFIXES = ("I50", "J44", "J18")
WARD_BY_ADMISSION = {  # ward type shares: acute under 75, acute 75+, planned
    "acute": {"medicine": 0.62, "surgery": 0.22, "orthopaedics": 0.14, "geriatrics": 0.02},
    "acute75": {"medicine": 0.45, "surgery": 0.12, "orthopaedics": 0.15, "geriatrics": 0.28},
    "planned": {"medicine": 0.12, "surgery": 0.48, "orthopaedics": 0.40, "geriatrics": 0.0},
}
TRANSFER_TO = {
    "medicine": "geriatrics",
    "orthopaedics": "geriatrics",
    "surgery": "medicine",
    "geriatrics": "medicine",
}


# --- SIP, samordnad individuell plan (issue "Coordinated care" §9) -----------------------------
# No national prevalence figure exists (research/processes.md §2 has the rules, not rates); these
# are [unverified] defaults chosen so that ≈ 4–6 SIPs per 1 000 inhabitants are active at a time,
# most for older people with home care, fewer for children and adults with mental ill-health.
SIP_HOME_CARE_65PLUS_PER_YEAR = 0.15  # older people in own home with home care
SIP_CHILD_PER_YEAR = (0.002, 0.02)  # children 6–17 (not chronic, chronic); school takes part
SIP_CHILD_AGES = (6, 18)
SIP_AFTER_PSYCHIATRIC_DISCHARGE = 0.3  # adults 18–64 after a psychiatric inpatient stay
SIP_ADULT_CHRONIC_PER_YEAR = 0.002  # adults 18–64 with long-term (mental) ill-health, outpatient
# Who initiates (and coordinates): the share started by the municipality, per target group.
SIP_MUNICIPAL_INITIATOR = {"older": 0.6, "child": 0.5, "adult": 0.3}
# Days between the stages (uniform, upper bound excluded): needs assessment and consent,
# preparation with the person ("Vad är viktigt för dig?"), kallelse a week or more ahead.
SIP_DAYS_TO_PREPARE = (2, 22)
SIP_DAYS_TO_INVITE = (3, 15)
SIP_DAYS_TO_MEETING = (7, 29)
SIP_DECLINED = 0.05  # the person declines or withdraws during preparation: closed, no meeting
SIP_FINALISED_AT_MEETING = 0.88
SIP_FOLLOWUP_AFTER_DAYS = (90, 120, 180)
# Follow-up outcome: on time (a few days early), late (1–60 days), not followed up (overdue).
SIP_FOLLOWUP_OUTCOME = (0.68, 0.17, 0.15)
SIP_CLOSED_AT_FOLLOWUP = 0.5
SIP_CLOSED_WITHOUT_FOLLOWUP = 0.25
SIP_OWN_GOALS = (0.7, 0.85)  # finalised plans with the person's own goals: first … last day
SIP_OWN_GOALS_DRAFT = 0.25  # unfinalised plans that already have them
SIP_MEETING_CANCELLED = 0.08  # an extra booked meeting that was not held, days before
# Meetings at a distance rise over the history (seed 003): video + phone share first … last day.
SIP_REMOTE_SHARE = (0.12, 0.37)
SIP_PHONE_OF_REMOTE = 0.15
