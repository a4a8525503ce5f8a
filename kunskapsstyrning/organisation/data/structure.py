"""The real structure of the system, from ../shared/DOMAIN.md and the seed documents.

Plain data, edited here and loaded with `manage.py load_structure` (idempotent). Anything the
sources do not confirm is marked in a `note` rather than stated as fact.
"""

PRESENTATION_2019 = 'Presentation 2019 "Samverkan för en mer kunskapsbaserad, jämlik och resurseffektiv vård", bild 13'
SKR = "skr"

#: name, slug, former names (name, note); regions (name, note).
HEALTHCARE_REGIONS = [
    {
        "name": "Norra",
        "slug": "norra",
        "regions": ["Norrbotten", "Västerbotten", "Jämtland Härjedalen", "Västernorrland"],
    },
    {
        "name": "Mellansverige",
        "slug": "mellansverige",
        "former_names": [("Uppsala-Örebro", "Användes fram till omkring 2020.")],
        "regions": ["Uppsala", "Sörmland", "Värmland", "Örebro län", "Västmanland", "Dalarna", "Gävleborg"],
    },
    {"name": "Stockholm-Gotland", "slug": "stockholm-gotland", "regions": ["Stockholm", "Gotland"]},
    {"name": "Sydöstra", "slug": "sydostra", "regions": ["Östergötland", "Jönköpings län", "Kalmar län"]},
    {"name": "Västra", "slug": "vastra", "regions": ["Västra Götaland"]},
    {
        "name": "Södra",
        "slug": "sodra",
        "regions": [
            "Skåne",
            "Blekinge",
            "Kronoberg",
            (
                "Halland",
                "Halland är delat i vården: norra Halland hör till Västra sjukvårdsregionen, "
                "men i kunskapsstyrningen hör Halland till Södra.",
            ),
        ],
    },
]

ORGANISATIONS = [
    {
        "name": "Sveriges Kommuner och Regioner",
        "short_name": "SKR",
        "slug": SKR,
        "kind": "medlemsorganisation",
        "note": "Hette Sveriges Kommuner och Landsting (SKL) till 2019. Den nationella stödfunktionen finns här.",
    },
    {"name": "E-hälsomyndigheten", "short_name": "", "slug": "ehalsomyndigheten", "kind": "myndighet"},
    {"name": "Folkhälsomyndigheten", "short_name": "", "slug": "folkhalsomyndigheten", "kind": "myndighet"},
    {"name": "Läkemedelsverket", "short_name": "", "slug": "lakemedelsverket", "kind": "myndighet"},
    {"name": "Socialstyrelsen", "short_name": "", "slug": "socialstyrelsen", "kind": "myndighet"},
    {
        "name": "Statens beredning för medicinsk och social utvärdering",
        "short_name": "SBU",
        "slug": "sbu",
        "kind": "myndighet",
    },
    {
        "name": "Tandvårds- och läkemedelsförmånsverket",
        "short_name": "TLV",
        "slug": "tlv",
        "kind": "myndighet",
    },
]

#: The 26 NPOs. The slug is the stable key: never change it, rename with "name".
#: host/dormant: a sjukvårdsregion slug or "skr"; None where the sources are silent.
NPOS = [
    {"slug": "npo-akut-vard", "name": "Akut vård", "host": "mellansverige"},
    {"slug": "npo-barn-och-ungdomars-halsa", "name": "Barn och ungdomars hälsa", "host": "sydostra"},
    {
        "slug": "npo-cancersjukdomar",
        "name": "Cancersjukdomar",
        "host": SKR,
        "dormant": "norra",
        "description": "NPO Cancersjukdomar utgörs av Regionala cancercentrum i samverkan.",
        "note": "SKR är värd så länge statlig finansiering finns.",
    },
    {"slug": "npo-endokrina-sjukdomar", "name": "Endokrina sjukdomar", "host": "norra"},
    {"slug": "npo-hjart-och-karlsjukdomar", "name": "Hjärt- och kärlsjukdomar", "host": "mellansverige"},
    {"slug": "npo-hud-och-konssjukdomar", "name": "Hud- och könssjukdomar", "host": "stockholm-gotland"},
    {"slug": "npo-infektionssjukdomar", "name": "Infektionssjukdomar", "host": "stockholm-gotland"},
    {"slug": "npo-kvinnosjukdomar-och-forlossning", "name": "Kvinnosjukdomar och förlossning", "host": "sydostra"},
    {"slug": "npo-levnadsvanor", "name": "Levnadsvanor", "host": "norra"},
    {"slug": "npo-lung-och-allergisjukdomar", "name": "Lung- och allergisjukdomar", "host": "vastra"},
    {"slug": "npo-mag-och-tarmsjukdomar", "name": "Mag- och tarmsjukdomar", "host": "vastra"},
    {"slug": "npo-medicinsk-diagnostik", "name": "Medicinsk diagnostik", "host": "stockholm-gotland"},
    {"slug": "npo-nervsystemets-sjukdomar", "name": "Nervsystemets sjukdomar", "host": "sodra"},
    {"slug": "npo-njur-och-urinvagssjukdomar", "name": "Njur- och urinvägssjukdomar", "host": "sodra"},
    {
        "slug": "npo-psykisk-halsa",
        "name": "Psykisk hälsa",
        "host": SKR,
        "dormant": "vastra",
        "note": "SKR är värd så länge statlig finansiering finns.",
    },
    {
        "slug": "npo-rehabilitering-habilitering-och-forsakringsmedicin",
        "name": "Rehabilitering, habilitering och försäkringsmedicin",
        "host": "sydostra",
    },
    {"slug": "npo-reumatiska-sjukdomar", "name": "Reumatiska sjukdomar", "host": "stockholm-gotland"},
    {"slug": "npo-rorelseorganens-sjukdomar", "name": "Rörelseorganens sjukdomar", "host": "vastra"},
    {"slug": "npo-sallsynta-sjukdomar", "name": "Sällsynta sjukdomar", "host": "stockholm-gotland"},
    {"slug": "npo-tandvard", "name": "Tandvård", "host": "sodra"},
    {
        "slug": "npo-aldres-halsa-och-palliativ-vard",
        "name": "Äldres hälsa och palliativ vård",
        "host": "mellansverige",
        "former_names": [("Äldres hälsa", "Namnet i 2019 års presentation.")],
    },
    {"slug": "npo-ogonsjukdomar", "name": "Ögonsjukdomar", "host": "stockholm-gotland"},
    {"slug": "npo-oron-nasa-och-halssjukdomar", "name": "Öron-, näsa- och halssjukdomar", "host": "mellansverige"},
    {
        "slug": "npo-perioperativ-vard-intensivvard-och-transplantation",
        "name": "Perioperativ vård, intensivvård och transplantation",
        "host": None,
        "note": "Beslutad i september 2019 (nyhetsbrev 2019). Värdskapet anges inte i källorna.",
    },
    {
        "slug": "npo-kirurgi-och-plastikkirurgi",
        "name": "Kirurgi och plastikkirurgi",
        "host": None,
        "note": "Från 2021. Värdskapet anges inte i källorna.",
    },
    {
        "slug": "npo-primarvard",
        "name": "Primärvård",
        "host": SKR,
        "dormant": "sodra",
        "note": "Härledd uppgift, inte bekräftad i källorna: ersätter Nationellt primärvårdsråd med samma värdskap.",
    },
]

NSGS = [
    {"slug": "nsg-metoder-for-kunskapsstod", "name": "Metoder för kunskapsstöd"},
    {"slug": "nsg-kvalitetsregister", "name": "Kvalitetsregister"},
    {"slug": "nsg-uppfoljning-och-analys", "name": "Uppföljning och analys"},
    {
        "slug": "nsg-lakemedel-och-medicinteknik",
        "name": "Läkemedel och medicinteknik",
        "former_names": [("Läkemedel/medicinteknik", "Namnet i 2019 års presentation.")],
    },
    {
        "slug": "nsg-forskning-och-life-science",
        "name": "Forskning och life science",
        "former_names": [("Forskning/Life Science", "Namnet i 2019 års presentation.")],
    },
    {"slug": "nsg-patientsakerhet", "name": "Patientsäkerhet"},
    {
        "slug": "nsg-strukturerad-vardinformation",
        "name": "Strukturerad vårdinformation",
        "description": "Har tre nationella arbetsgrupper.",
    },
    {
        "slug": "nsg-utveckling",
        "name": "Utveckling",
        "description": "Processledning, implementering och innovation.",
        "note": "Beslutad i september 2019 (nyhetsbrev 2019).",
    },
]

#: Other national bodies: kind, name, slug, host, description.
NATIONAL_BODIES = [
    {
        "kind": "primarvardsrad",
        "name": "Nationellt primärvårdsråd",
        "slug": "nationellt-primarvardsrad",
        "host": SKR,
        "dormant": "sodra",
        "note": "Värdskap enligt 2019 års presentation. Ersattes senare av NPO Primärvård (härledd uppgift).",
    },
    {
        "kind": "sks",
        "name": "Styrgrupp för kunskapsstyrning i samverkan",
        "short_name": "SKS",
        "slug": "sks",
        "description": "Två ledamöter från regiondirektörsnätverket, fyra från hälso- och "
        "sjukvårdsdirektörsnätverket och en från SKR; alla sex sjukvårdsregioner "
        "representerade; sekreterare från stödfunktionen; adjungerade ledamöter. "
        "Godkänner verksamhetsplaner, fördelar gemensamma medel och beslutar om vårdförlopp.",
    },
    {
        "kind": "beredningsgrupp",
        "name": "Beredningsgrupp",
        "slug": "beredningsgrupp",
        "description": "Bereder ärenden inför SKS tillsammans med stödfunktionen och beslutar i vissa "
        "frågor på SKS uppdrag, t.ex. nya ordförande i NPO.",
    },
    {
        "kind": "stodfunktion",
        "name": "Nationell stödfunktion",
        "slug": "nationell-stodfunktion",
        "host": SKR,
        "description": "Mallar, samordning, mötesplatser, SKS sekretariat, verksamhetsplan- och "
        "budgetprocessen, kommunikation och publicering.",
    },
    {
        "kind": "nsk_r",
        "name": "NSK-R",
        "slug": "nsk-r",
        "description": "Regiongrupp där alla 21 regioner ingår.",
    },
    {
        "kind": "nsk_s",
        "name": "NSK-S",
        "slug": "nsk-s",
        "description": "Socialtjänstens motsvarighet. Ordföranden är adjungerad till SKS.",
    },
]

#: Chairs and process support named in the 2019 presentation, by group name.
#: (role, first name, last name, title)
ROSTER_2019: dict[str, list[tuple[str, str, str, str]]] = {
    "Akut vård": [("ordforande", "Lisa", "Kurland", ""), ("processledare", "Ola", "Dahlberg", "")],
    "Barn och ungdomars hälsa": [
        ("ordforande", "Simon", "Rundqvist", ""),
        ("processledare", "Ingvor", "Andersson", ""),
    ],
    "Cancersjukdomar": [("ordforande", "Beatrice", "Melin", "")],
    "Endokrina sjukdomar": [
        ("ordforande", "Håkan", "Fureman", ""),
        ("processledare", "Helen", "Abrahamsson", ""),
    ],
    "Hjärt- och kärlsjukdomar": [("ordforande", "Bertil", "Lindahl", "")],
    "Hud- och könssjukdomar": [
        ("ordforande", "Lena", "Lundeberg", ""),
        ("processledare", "Kristina", "Ateva", ""),
    ],
    "Infektionssjukdomar": [
        ("ordforande", "Olle", "Reichard", ""),
        ("processledare", "Christina", "Walldin", ""),
    ],
    "Kvinnosjukdomar och förlossning": [
        ("ordforande", "Masoumeh", "Rezapour Isfahani", ""),
        ("processledare", "Charlotte", "Lindqvist", ""),
    ],
    "Levnadsvanor": [("processledare", "Annika", "Serrander", "")],
    "Lung- och allergisjukdomar": [
        ("ordforande", "Anders", "Ullman", ""),
        ("processledare", "Maria", "Dahlström Roos", ""),
    ],
    "Mag- och tarmsjukdomar": [
        ("ordforande", "Hans", "Törnblom", ""),
        ("processledare", "Malin", "Samuelsson", ""),
    ],
    "Medicinsk diagnostik": [
        ("ordforande", "Joachim", "Lundahl", ""),
        ("processledare", "Jenny", "Björk", ""),
    ],
    "Nervsystemets sjukdomar": [
        ("ordforande", "Jesper", "Petersson", ""),
        ("processledare", "Anna", "Benemark", ""),
    ],
    "Njur- och urinvägssjukdomar": [
        ("ordforande", "Anders", "Christensson", ""),
        ("processledare", "Joel", "Björnklev", ""),
    ],
    "Psykisk hälsa": [("ordforande", "Lise-Lotte", "Risö Bergerlind", "")],
    "Rehabilitering, habilitering och försäkringsmedicin": [
        ("ordforande", "Stefan", "Bragsjö", ""),
        ("processledare", "Siv", "Folkhammar Andersson", ""),
    ],
    "Rörelseorganens sjukdomar": [
        ("ordforande", "Maziar", "Mohaddes", ""),
        ("processledare", "Anna", "Norman Kjellström", ""),
    ],
    "Sällsynta sjukdomar": [("ordforande", "Anna", "Wedell", ""), ("processledare", "Anna", "Zucco", "")],
    "Tandvård": [("ordforande", "Gunnel", "Håkansson", ""), ("processledare", "Ulrika", "Svantesson", "")],
    "Äldres hälsa och palliativ vård": [("ordforande", "Madelene", "Johanzon", "")],
    "Ögonsjukdomar": [("ordforande", "Anne", "Odergren", ""), ("processledare", "Carina", "Libert", "")],
    "Öron-, näsa- och halssjukdomar": [
        ("ordforande", "Göran", "Laurell", ""),
        ("processledare", "Kerstin", "Troedsson", ""),
    ],
    "Nationellt primärvårdsråd": [("ordforande", "Emma", "Spak", ""), ("processledare", "Sofia", "Kialt", "")],
    "Styrgrupp för kunskapsstyrning i samverkan": [
        ("ordforande", "Mats", "Bojestig", "Hälso- och sjukvårdsdirektör, Region Jönköpings län"),
    ],
    "Beredningsgrupp": [("ordforande", "Marie", "Lawrence", "Nationell stödfunktion vid SKL")],
}

#: Notes the presentation makes where a role was not yet filled.
ROSTER_2019_NOTES = {
    "Levnadsvanor": "Ordförande: programområde under uppstart.",
    "Reumatiska sjukdomar": "Programområde under uppstart.",
    "Äldres hälsa och palliativ vård": "Processtöd: programområde under uppstart.",
}

NEWSLETTER_2019 = "Nyhetsbrev hösten 2019"

#: People the 2019 newsletter names in a role: (group name, role, first, last, note).
NEWSLETTER_2019_ROSTER = [
    ("Beredningsgrupp", "ordforande", "Marie", "Lawrence", ""),
    ("Beredningsgrupp", "ledamot", "Karl", "Landergren", "Sydöstra sjukvårdsregionen"),
    ("Beredningsgrupp", "ledamot", "Christer", "Lindbladh", "Södra sjukvårdsregionen"),
    ("NSK-S", "ordforande", "Magnus", "Wallinder", ""),
]

DECK_2023 = "Sjukvårdsregional kunskapsstyrningsdag, Umeå 2023"

#: Region Västerbotten's LPOs and the NPOs each covers (2023 deck). An LPO without a listed NPO
#: of its own name covers the NPO of the same name where one exists.
LPOS = [
    {
        "region": "Västerbotten",
        "name": "LPO MGIK (medicin, geriatrik, infektion och kardiologi)",
        "covers": [
            "Endokrina sjukdomar",
            "Hjärt- och kärlsjukdomar",
            "Infektionssjukdomar",
            "Lung- och allergisjukdomar",
            "Njur- och urinvägssjukdomar",
            "Mag- och tarmsjukdomar",
            "Äldres hälsa och palliativ vård",
        ],
        "note": "LPO sedan hösten 2022 för de internmedicinska sjukdomarna.",
    },
    {
        "region": "Västerbotten",
        "name": "LPO Neuro, huvud och hals",
        "covers": ["Öron-, näsa- och halssjukdomar", "Nervsystemets sjukdomar"],
    },
    {"region": "Västerbotten", "name": "LPO Barn- och ungdomars hälsa", "covers": ["Barn och ungdomars hälsa"]},
    {"region": "Västerbotten", "name": "LPO Tandvård", "covers": ["Tandvård"]},
    {
        "region": "Västerbotten",
        "name": "LPO Kvinnosjukdomar och förlossning",
        "covers": ["Kvinnosjukdomar och förlossning"],
    },
    {"region": "Västerbotten", "name": "LPO Levnadsvanor", "covers": ["Levnadsvanor"]},
    {
        "region": "Västerbotten",
        "name": "LPO Psykisk hälsa",
        "covers": ["Psykisk hälsa"],
        "description": "Barn- och ungdomspsykiatri, vuxenpsykiatri, rättspsykiatri.",
    },
    {
        "region": "Västerbotten",
        "name": "LPO Kirurgi",
        "covers": ["Kirurgi och plastikkirurgi"],
        "description": "Urologi, övre och nedre kirurgi, kärlkirurgi, bröst- och endokrinkirurgi, barnkirurgi.",
    },
    {"region": "Västerbotten", "name": "LPO Hud- och könssjukdomar", "covers": ["Hud- och könssjukdomar"]},
    {
        "region": "Västerbotten",
        "name": "LPO Rörelseorganens sjukdomar",
        "covers": ["Rörelseorganens sjukdomar"],
        "description": "Även hand- och plastikkirurgi.",
    },
    {"region": "Västerbotten", "name": "LPO Reumatiska sjukdomar", "covers": ["Reumatiska sjukdomar"]},
    {
        "region": "Västerbotten",
        "name": "LPO Traumarådet",
        "covers": ["Perioperativ vård, intensivvård och transplantation", "Akut vård"],
        "description": "Trauma, perioperativ vård, intensivvård och transplantation, akut vård.",
    },
    {"region": "Västerbotten", "name": "LPO Ögonsjukdomar", "covers": ["Ögonsjukdomar"]},
    {
        "region": "Västerbotten",
        "name": "LPO Medicinsk diagnostik (laboratoriemedicin)",
        "covers": ["Medicinsk diagnostik", "Sällsynta sjukdomar"],
    },
    {"region": "Västerbotten", "name": "LPO Primärvård", "covers": ["Primärvård"]},
    {
        "region": "Västerbotten",
        "name": "LPO Rehabilitering, habilitering och försäkringsmedicin",
        "covers": ["Rehabilitering, habilitering och försäkringsmedicin"],
    },
    {"region": "Västerbotten", "name": "LPO Bild- och funktionsmedicin", "covers": []},
]

#: RPOs the sources name: (sjukvårdsregion slug, NPO name, note).
RPOS = [
    ("norra", "Cancersjukdomar", "RCC Norr övergick till RPO cancer i kunskapsstyrningssystemet (2023)."),
]

#: The first ten vårdförlopp (SKS 2019) and their NPOs: one NAG per vårdförlopp.
CARE_PATHWAY_NAGS = [
    ("Hjärtsvikt", "Hjärt- och kärlsjukdomar"),
    ("Kritisk ischemi", "Hjärt- och kärlsjukdomar"),
    ("Reumatoid artrit", "Reumatiska sjukdomar"),
    ("Schizofreni", "Psykisk hälsa"),
    ("Stroke", "Nervsystemets sjukdomar"),
    ("Höftartros", "Rörelseorganens sjukdomar"),
    ("KOL", "Lung- och allergisjukdomar"),
    ("Osteoporos", "Endokrina sjukdomar"),
    ("Sepsis", "Infektionssjukdomar"),
    ("Kognitiv svikt/demens", "Äldres hälsa och palliativ vård"),
]
