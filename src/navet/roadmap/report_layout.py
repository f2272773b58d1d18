"""The sections of the two reports, in their documents' order, and the figure each one carries.

The state-grant report follows Region Västerbotten's report to Socialstyrelsen for 2024 (seed
004, `../shared/seeds/004_…txt`) heading by heading. Each figure the document reports is mapped
to an indicator of Follow-up's catalogue (docs/indicators.md); a figure with no indicator in
Navet is a *manual* figure: the report says so and the analyst writes it in the section's text.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class FigureSpec:
    label: str
    indicator_id: str = ""  # empty: a manual figure (no indicator in Navet)
    use: str = "value"  # "value", or "numerator" (e.g. the number of persons)
    reference: str = ""  # a national guide value or the document's own figure to compare with

    @property
    def manual(self) -> bool:
        return not self.indicator_id


@dataclass(frozen=True)
class SectionSpec:
    key: str
    title: str
    guidance: str  # what the section answers (shown to the writer and in the export)
    figures: tuple[FigureSpec, ...] = field(default_factory=tuple)


def _f(label: str, indicator_id: str = "", **kwargs) -> FigureSpec:
    return FigureSpec(label, indicator_id, **kwargs)


STATE_GRANT = (
    SectionSpec(
        "inledning",
        "Inledning",
        "Omställningens inriktning i länet och vad redovisningen omfattar; varifrån underlaget "
        "hämtats.",
    ),
    SectionSpec(
        "utmaningar",
        "De största utmaningarna",
        "Vad som lyfts fram som de största utmaningarna (i Västerbotten 2024: "
        "kompetensförsörjningen, den ansträngda ekonomin, att överbrygga organisatoriska "
        "gränser).",
    ),
    SectionSpec(
        "bakgrund",
        "Bakgrund – utvecklingsområden i överenskommelsen",
        "Överenskommelsens utvecklingsområden för året och vad det ekonomiska stödet ska ges för.",
    ),
    SectionSpec(
        "omstallning",
        "Stöd till omställningen till en nära vård",
        "Viktiga insatser under året: primärvården som nav, hälsovalet, ledning och styrning.",
    ),
    SectionSpec(
        "tillganglighet",
        "Stöd för att förbättra tillgängligheten i primärvården",
        "Digitala vägar in, vårdgarantin, telefontillgänglighet och medicinsk bedömning.",
        (
            _f("Telefontillgänglighet samma dag", "phone_answered_same_day"),
            _f("Medicinsk bedömning inom 3 dagar", "medical_assessment_within_3d"),
        ),
    ),
    SectionSpec(
        "kontinuitet",
        "Stöd för att öka kontinuiteten och relationsskapande i hälso- och sjukvården",
        "Arbetet mot Socialstyrelsens riktvärde för fast läkarkontakt, fasta vårdkontakter, "
        "personcentrerat arbetssätt och team.",
        (
            _f(
                "Listade personer per läkarheltid",
                "listed_per_doctor_fte",
                reference="Socialstyrelsens riktvärde: högst 1 100 listade per läkare",
            ),
            _f("Andel med kontinuitetsindex (COC) minst 0,7", "continuity_coc_share_0_7"),
        ),
    ),
    SectionSpec(
        "delaktighet",
        "Stöd för att öka delaktigheten och medskapande i hälso- och sjukvården",
        "Samskapande med invånare och patientorganisationer, SIP, dokumenterad överenskommelse.",
        (_f("Personer med dokumenterad överenskommelse"),),
    ),
    SectionSpec(
        "breddinforande",
        "Breddinförda arbetssätt och medicinsk kompetens i kommunerna",
        "Arbeten som gått från projekt till ordinarie verksamhet; stöd till den kommunala "
        "hälso- och sjukvården.",
        (_f("Återinskrivning inom 7 dagar, 65 år och äldre", "readmission_7d"),),
    ),
    SectionSpec(
        "styrning",
        "Styrning av omställningen och resurssättning av primärvården",
        "Länsgemensam färdplan, budgetandel till primärvården, hyrpersonal och förstärkningar.",
        (
            _f("Andel av hälso- och sjukvårdens resurser till primärvården"),
            _f("Förändring av kostnaderna för hyrpersonal", reference="2024: −6 % (17 mkr)"),
        ),
    ),
    SectionSpec(
        "uppfoljning",
        "Uppföljning och utvärdering",
        "Uppföljningar av omställningen, de viktigaste slutsatserna, indikatorer och effekter "
        "för att undvika slutenvård.",
        (
            _f("Påverkbar slutenvård per 100 000 invånare", "avoidable_inpatient_care"),
            _f("Oplanerad återinskrivning inom 30 dagar, 65+", "readmission_30d"),
            _f("Utskrivningsklara dagar per vårdtillfälle", "ready_for_discharge_days_mean"),
        ),
    ),
    SectionSpec(
        "samverkan",
        "Samverkan med kommunerna – centrala utvecklingsområden",
        "De viktigaste insatserna för samverkan mellan region och kommuner, tillgänglighet, "
        "mobila team och delaktighet.",
        (
            _f(
                "Utskrivningsklara dagar per 1 000 invånare 65+",
                "ready_for_discharge_days_per_1000_65plus",
            ),
            _f("Mest sjuka äldre", "most_ill_elderly"),
            _f("Mångbesökare på akutmottagning", "frequent_ed_attenders"),
        ),
    ),
    SectionSpec(
        "halsoframjande",
        "Hälsofrämjande och förebyggande insatser",
        "Hembesöksprogram, riktade hälsosamtal och hälsoundersökningar.",
        (_f("Deltagande i riktade hälsoundersökningar (VHU)", reference="2023: 28 %, 2024: 31 %"),),
    ),
    SectionSpec(
        "befolkningsinriktat",
        "Befolkningsinriktat arbete",
        "Långsiktigt hälsofrämjande arbete med andra aktörer; levnadsvanor, FaR, fallprevention.",
        (_f("Förändring av fysisk aktivitet på recept (FaR)", reference="2024: +11 %"),),
    ),
    SectionSpec(
        "landsbygd",
        "Primärvård i landsbygd",
        "De tre viktigaste insatserna under året för att utveckla primärvården i landsbygd.",
    ),
    SectionSpec(
        "medarbetare",
        "Goda förutsättningar för vårdens medarbetare (bemanning)",
        "Insatser för medarbetarnas förutsättningar, hyrberoende, ST-tjänster; uppföljningar.",
        (_f("Personer per heltid för fasta läkarkontakter", "named_doctor_persons_per_fte"),),
    ),
    SectionSpec(
        "ambulans",
        "Förstärkning av ambulanssjukvården",
        "Insatser för en jämlik och effektiv ambulanssjukvård anpassad till omställningen.",
    ),
    SectionSpec(
        "fasta-kontakter",
        "Kontinuitet och fasta kontakter",
        "Vem som kan vara fast läkarkontakt, insatser mot riktvärdet, handlingsplan för fast "
        "vårdkontakt, registrering och andelen med fast läkarkontakt den 31 december.",
        (
            _f("Andel invånare med fast läkarkontakt", "named_doctor_coverage_population"),
            _f(
                "Antal invånare med fast läkarkontakt",
                "named_doctor_coverage_population",
                use="numerator",
            ),
            _f("Andel listade med fast läkarkontakt", "named_doctor_coverage"),
            _f("Andel listningar genom aktivt val", "listing_active_choice"),
            _f("Fast läkarkontakt för boende i särskilt boende (SÄBO)"),
        ),
    ),
)

DIRECTORS = (
    SectionSpec(
        "sammanfattning",
        "Sammanfattning",
        "Läget i genomförandet av färdplanen under halvåret, i korthet.",
    ),
    SectionSpec(
        "beslut",
        "Beslut som behövs",
        "Vad presidiet ber regiondirektör och kommundirektörer (KD/RD) att besluta eller ta "
        "ställning till. Besluten från forumens möten under perioden listas nedan.",
    ),
    SectionSpec(
        "kommande",
        "Inför nästa halvår",
        "Vad som prioriteras under nästa halvår.",
    ),
)


def layout(kind: str) -> tuple[SectionSpec, ...]:
    return STATE_GRANT if kind == "state_grant" else DIRECTORS


def indicator_ids(kind: str) -> list[str]:
    return list(
        dict.fromkeys(f.indicator_id for s in layout(kind) for f in s.figures if f.indicator_id)
    )
