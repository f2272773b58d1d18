"""Swedish names for people, streets and units. Common names, listed roughly by frequency."""

from __future__ import annotations

import numpy as np

# First names by birth cohort (before 1960, 1960–1989, 1990 on) and sex.
FIRST_NAMES = {
    ("F", 0): "Anna Maria Margareta Elisabeth Eva Kerstin Birgitta Karin Ingrid Marianne Gunilla "
    "Inger Ulla Barbro Britt Gun Elsa Astrid Maj Gunnel Ingegerd Märta Elsie Siv Lena Monica "
    "Anita Gerd Ann-Marie Solveig Berit Majvor Rut Dagny Greta Margit Vera Sonja Linnea",
    ("F", 1): "Anna Maria Karin Sara Eva Lena Helena Annika Susanne Camilla Jessica Malin Sofia "
    "Linda Emma Johanna Therese Jenny Åsa Katarina Carina Ulrika Marie Petra Cecilia Maria "
    "Anneli Frida Elin Hanna Josefin Ida Louise Charlotte Madeleine Pernilla Lisa Monika",
    ("F", 2): "Alice Maja Elsa Astrid Wilma Ella Ebba Olivia Alma Saga Emma Julia Vera Selma "
    "Agnes Ellen Clara Stella Freja Signe Alva Elin Ida Hanna Wilda Moa Tilde Nellie Linnea "
    "Ester Leah Lilly Lova Sara Elvira Amanda Matilda Felicia Isabelle Tuva",
    ("M", 0): "Karl Lars Erik Per Bengt Jan Nils Anders Sven Hans Gunnar Bo Rolf Lennart Kjell "
    "Göran Leif Stig Åke Olle Ingvar Sten Arne Roland Tommy Börje Gösta Rune Kent Harry Bertil "
    "Torsten Allan Ove Lars-Göran Sture Uno Birger Evert",
    ("M", 1): "Johan Andreas Peter Mikael Fredrik Daniel Magnus Thomas Stefan Jonas Martin Patrik "
    "Niklas Mattias Henrik Anders Marcus Joakim David Christian Robert Tobias Jimmy Fredrik "
    "Per Erik Ola Jens Mats Ulf Claes Björn Kristoffer Sebastian Rickard Jesper Emil Viktor",
    ("M", 2): "William Liam Noah Hugo Lucas Oliver Elias Adam Alexander Leo Oscar Vincent Theo "
    "Axel Ludvig Nils Filip Isak Arvid Charlie Sixten Viggo Melvin Edvin Olle Albin Malte Theodor "
    "Emil Anton Gustav Erik Jacob Casper Elton Valter Loke Frans Harry Benjamin",
}
FAMILY_NAMES = [
    "Andersson",
    "Johansson",
    "Karlsson",
    "Nilsson",
    "Eriksson",
    "Larsson",
    "Olsson",
    "Persson",
    "Svensson",
    "Gustafsson",
    "Pettersson",
    "Jonsson",
    "Jansson",
    "Hansson",
    "Bengtsson",
    "Jönsson",
    "Lindberg",
    "Jakobsson",
    "Magnusson",
    "Olofsson",
    "Lindström",
    "Lindqvist",
    "Lindgren",
    "Berg",
    "Axelsson",
    "Bergström",
    "Lundberg",
    "Lind",
    "Lundgren",
    "Lundqvist",
    "Mattsson",
    "Berglund",
    "Fredriksson",
    "Sandberg",
    "Henriksson",
    "Forsberg",
    "Sjöberg",
    "Wallin",
    "Ali",
    "Engström",
    "Mohammed",
    "Eklund",
    "Danielsson",
    "Lundin",
    "Håkansson",
    "Björk",
    "Bergman",
    "Gunnarsson",
    "Holm",
    "Wikström",
    "Samuelsson",
    "Isaksson",
    "Fransson",
    "Bergqvist",
    "Nyström",
    "Holmberg",
    "Arvidsson",
    "Löfgren",
    "Söderberg",
    "Nyberg",
    "Blomqvist",
    "Claesson",
    "Nordström",
    "Mårtensson",
    "Lundström",
    "Ahmed",
    "Viklund",
    "Björklund",
    "Eliasson",
    "Pålsson",
    "Hassan",
    "Berggren",
    "Sandström",
    "Lund",
    "Nordin",
    "Ström",
    "Åberg",
    "Hermansson",
    "Ekström",
    "Holmgren",
    "Sundberg",
    "Hedlund",
    "Dahlberg",
    "Hellström",
    "Sjögren",
    "Abrahamsson",
    "Falk",
    "Martinsson",
    "Öberg",
    "Andreasson",
    "Strömberg",
    "Månsson",
    "Hussein",
    "Åkesson",
    "Jansson",
    "Hansen",
    "Sundström",
    "Mohamed",
    "Nguyen",
    "Ibrahim",
    "Kaya",
    "Yilmaz",
    "Virtanen",
    "Korhonen",
]
STREETS = (
    "Storgatan",
    "Kyrkogatan",
    "Drottninggatan",
    "Skolgatan",
    "Parkvägen",
    "Björkvägen",
    "Ekvägen",
    "Lindvägen",
    "Tallvägen",
    "Granvägen",
    "Södra vägen",
    "Norra vägen",
    "Järnvägsgatan",
    "Stationsgatan",
    "Ringvägen",
    "Åsgatan",
    "Bergsgatan",
    "Trädgårdsgatan",
    "Hantverkargatan",
    "Sjögatan",
    "Strandvägen",
    "Ängsvägen",
    "Rosenvägen",
    "Syrenvägen",
    "Vallgatan",
    "Allégatan",
    "Idrottsvägen",
    "Kvarngatan",
    "Smedjegatan",
    "Prästgårdsvägen",
    "Kungsgatan",
    "Torggatan",
    "Bruksgatan",
    "Rönnvägen",
    "Aspvägen",
    "Lärkvägen",
    "Solvägen",
    "Backvägen",
    "Gärdesvägen",
    "Skogsvägen",
    "Hagagatan",
    "Östra Ringvägen",
    "Västra Ringvägen",
    "Industrigatan",
    "Verkstadsgatan",
    "Furuvägen",
    "Vintergatan",
    "Fabriksgatan",
    "Nygatan",
    "Tegnérgatan",
    "Klövervägen",
    "Blåbärsstigen",
    "Lingonvägen",
    "Hästhovsvägen",
)

# Districts used in unit names (real places; the units themselves are fictional).
DISTRICTS = {
    "1980": "Skultuna Bäckby Hälla Råby Pettersberg Vallby Oxbacken Önsta-Gryta Viksäng Skiljebo "
    "Tillberga Kungsängen Haga Kristiansborg Hammarby Dingtuna Barkarö Irsta Gideonsberg "
    "Bjurhovda Malmaberg Norrmalm Erikslund Rocklunda",
    "1983": "Ullvi Kolsva Munktorp Karlsdal",
    "1981": "Västerfärnebo Möklinta Ransta",
    "1984": "Medåker Götlunda",
    "1982": "Västanfors Brandbergen",
    "1961": "Kolbäck Strömsholm",
    "1907": "Virsbo Ramnäs",
    "1960": "Valskog",
    "1962": "Karbenning",
    "1904": "Riddarhyttan",
}
GENERIC_DISTRICTS = [
    "Centrum",
    "Norra",
    "Södra",
    "Östra",
    "Västra",
    "Hamnen",
    "Parken",
    "Torget",
    "Backen",
    "Ängen",
    "Höjden",
    "Dalen",
    "Strand",
    "Bruket",
    "Skogen",
    "Kyrkbacken",
    "Stationen",
    "Gärdet",
    "Vallen",
    "Berget",
    "Åsen",
    "Udden",
    "Viken",
    "Lunden",
    "Hagen",
]
COMPASS = ("Norra", "Södra", "Östra", "Västra", "Centrum", "Mellersta")
NURSING_HOME_NAMES = [
    "Solgården",
    "Björkgården",
    "Lindgården",
    "Ekbacken",
    "Vallmon",
    "Tallbacken",
    "Rönnbacka",
    "Ängsgården",
    "Skogsbrynet",
    "Sjöstjärnan",
    "Gullvivan",
    "Lärkan",
    "Åsgården",
    "Syrenen",
    "Liljan",
    "Klöverbacken",
    "Prästgården",
    "Eklunden",
    "Granbacken",
    "Solrosen",
    "Furuhem",
    "Ekhagen",
    "Hemgården",
    "Linnean",
    "Blåklinten",
    "Vitsippan",
    "Körsbärsgården",
    "Äppelgården",
    "Lönnen",
    "Aspen",
    "Hagtornet",
    "Kastanjen",
    "Nyponet",
    "Kvarnbacken",
    "Strandgården",
]
PRIVATE_BRANDS = (
    "Vårdkompassen",
    "Hälsoankaret",
    "Linnéakliniken",
    "Läkarhuset Tallen",
    "Kvarterskliniken",
)


def district_names(code: str, municipality: str, count: int) -> list[str]:
    """`count` distinct place names for units in a municipality, the municipality itself first."""
    names = [municipality]
    pool = DISTRICTS.get(code, "").split() + [f"{municipality} {d}" for d in GENERIC_DISTRICTS]
    for name in pool:
        if len(names) >= count:
            break
        names.append(name)
    k = 2
    while len(names) < count:
        names.extend(f"{municipality} {d} {k}" for d in GENERIC_DISTRICTS[: count - len(names)])
        k += 1
    return names[:count]


def compass_names(base: str, count: int) -> list[str]:
    """ "Hemtjänst Köping" → ["Hemtjänst Köping Norra", "Hemtjänst Köping Södra", …]."""
    if count == 1:
        return [base]
    names = [f"{base} {c}" for c in COMPASS]
    names += [f"{base} {k}" for k in range(1, count + 1)]
    return names[:count]


def first_name_table() -> dict[tuple[str, int], np.ndarray]:
    return {key: np.array(value.split()) for key, value in FIRST_NAMES.items()}


def zipf_weights(n: int, exponent: float = 0.7) -> np.ndarray:
    """Frequency weights for a list ordered from most to least common."""
    w = 1.0 / np.arange(1, n + 1) ** exponent
    return w / w.sum()
