"""Hand-written messages with the labels docs/labelling-guide.md gives them: the pitfalls of keyword matching.

Each row is (text, labels, violations) under the default profile. These are the tagger's own
development sentences; the sample chats in sample_exports/source/ stay the held-out test set.
"""

from __future__ import annotations

import pytest

from analysis.model import LABELS
from analysis.reasons import label_names
from analysis.tagger import tag_texts

CASES: list[tuple[str, set[str], set[str]]] = [
    # --- alarm: said that 112/the police has been called, is being called or was informed
    ("112 gebeld", {"alarm"}, set()),
    ("Politie is ingelicht", {"alarm"}, set()),
    ("buurman heeft 112 al gebeld", {"alarm"}, set()),
    ("ik bel nu 112", {"alarm"}, set()),
    ("Ben nu 112 aan het bellen", {"alarm"}, set()),
    ("0900-8844 gebeld, komen eraan", {"alarm"}, set()),
    ("0900 8844 gebeld", {"alarm"}, set()),
    ("Ik heb 1-1-2 gebeld", {"alarm"}, set()),
    ("Melding gedaan bij 112", {"alarm"}, set()),
    ("Doorgegeven aan de politie", {"alarm"}, set()),
    # police on the way means they were informed: alarm, not update (saar-labels.md)
    ("Mijn alarmsysteem heeft de meldkamer gewaarschuwd, politie is onderweg", {"alarm"}, set()),
    ("De alarmcentrale heeft de politie ingeschakeld", {"alarm"}, set()),
    ("Ook gebeld", {"alarm"}, set()),
    ("Is al gebeld!", {"alarm"}, set()),
    ("Politie is onderweg", {"alarm"}, set()),  # on the way: they were informed (saar-labels.md)
    ("ik bel wel 1-1-2", {"alarm"}, set()),
    ("Nee nog niet, ik bel nu 112", {"alarm"}, set()),
    ("ik heb ook gebeld, ze zeiden dat er al een melding was", {"alarm"}, set()),
    ("ik bel 112 als hij terugkomt", set(), set()),
    ("Zet in de groep dat je 112 gebeld hebt", set(), set()),
    # typos and capitals
    ("112 GEBELD!!", {"alarm"}, set()),
    ("112 gebelt", {"alarm"}, set()),
    ("heb 112 gebeldt", {"alarm"}, set()),
    ("polietie is ingelict", {"alarm"}, set()),
    # --- not an alarm: questions, instructions, negations, plans, advice, house numbers, all-clear to 112
    ("Heeft iemand 112 gebeld?", set(), set()),
    ("Iemand al gebeld?", set(), set()),
    ("Is er al iemand die 112 heeft gebeld?", set(), set()),
    ("Moet ik 112 bellen?", set(), set()),
    ("Bel 112!", set(), set()),
    ("Bel meteen de politie", set(), set()),
    ("Geen 112 gebeld, want geen spoed", set(), set()),
    ("Ik heb 112 nog niet gebeld", set(), set()),
    ("Niemand heeft de politie gebeld", set(), set()),
    ("Als hij terugkomt bel ik 112", set(), set()),
    ("Ik ga 112 bellen als hij terugkomt", set(), set()),
    ("Zodra je iets ziet, bel 112", set(), set()),
    ("Bel altijd eerst 112", set(), set()),
    ("Ik woon op de Kerkstraat 112", set(), set()),
    ("Het huisnummer is 112", set(), set()),
    ("heb 112 laten weten dat het loos alarm was", {"closure"}, set()),
    ("Heeft iemand 112 gebeld? Ik heb net gebeld.", {"alarm"}, set()),
    # --- signal: opening report of a suspicious situation now
    ("Verdachte man bij de achterdeur van nr 12, donkere jas", {"signal"}, set()),
    ("Verdachte man bij de achterdeur van nr 12, donkere jas. 112 is gebeld", {"signal", "alarm"}, set()),
    ("Er staat al 20 min een busje met draaiende motor op de hoek", {"signal"}, set()),
    ("Babbeltruc! Twee mannen bellen aan voor de 'waterleiding'", {"signal"}, set()),
    ("Er loopt een man met een capuchon aan de deuren te voelen", {"signal"}, set()),
    ("Man klimt over de schutting bij nr 8", {"signal"}, set()),
    ("Glasgerinkel gehoord bij de buren, het alarm gaat af", {"signal"}, set()),
    ("Auto rijdt al een half uur langzaam rondjes door de wijk", {"signal"}, set()),
    ("Twee jongens kijken bij huizen naar binnen", {"signal"}, set()),
    ("Er is een inbaak bezig bij nr 5!", {"signal"}, set()),
    ("Verdaagte man in de tuin", {"signal"}, set()),
    ("VERDACHTE MAN BIJ DE GARAGES!!! 🚨", {"signal"}, set()),
    ("Brand in de schuur van nr 14! Brandweer is gebeld", {"signal", "alarm"}, set()),
    ("Mevrouw is gevallen op de stoep, ambulance is gebeld", {"signal", "alarm"}, set()),
    ("Help! Er is iemand bij ons binnen, we zitten boven. 112 gebeld", {"signal", "alarm"}, set()),
    ("Scooter met twee jongens rijdt steeds door de straat zonder licht", {"signal"}, set()),
    ("Mijn buurvrouw ligt op de grond en reageert niet, ambulance onderweg", {"signal", "alarm"}, set()),
    ("Heb de meldkamer aan de lijn", {"alarm"}, set()),
    ("Politie heb ik al gebeld hoor", {"alarm"}, set()),
    ("Bellen jullie 112 of doe ik het?", set(), set()),
    ("Ik heb niet gebeld want hij was al weg", set(), set()),
    ("Hij is er vandoor gegaan via de brandgang", {"update"}, set()),
    ("De vuilnis wordt morgen opgehaald", set(), {"offtopic"}),
    ("Te koop: kinderfiets, 20 euro", set(), {"offtopic"}),
    ("Die flikkers van de politie doen ook nooit wat", set(), {"language"}),
    ("Geen paniek, het was de glazenwasser", {"closure"}, set()),
    ("Melding bij 112 gemaakt", {"alarm"}, set()),
    ("Wie belt 112?", set(), set()),
    ("Ik zou 112 bellen als ik jou was", set(), set()),
    ("Volgende keer direct 112 bellen graag", set(), set()),
    ("Het adres is Dorpsstraat 112-A", set(), set()),
    ("Er wordt ingebroken bij nr 7!!", {"signal"}, set()),
    ("We gaan met z'n drieën een rondje lopen", {"reaction"}, set()),
    ("Zit in de auto, volg hem nu", {"reaction"}, {"driving"}),
    ("Vals alarm, de kat had de sensor geraakt", {"closure"}, set()),
    ("Morgen collecte voor het Rode Kruis, ik kom langs met een hesje", set(), {"offtopic"}),
    (
        "Heb hem aangesproken, zegt dat hij van Enexis is maar kon geen pas laten zien",
        {"update", "reaction"},
        set(),
    ),
    ("Ik zie op mijn deurbel iemand bij de voordeur staan, nu!", {"signal"}, set()),
    # --- update: information about an ongoing situation
    ("Loopt nu richting de Dorpsstraat", {"update"}, set()),
    ("Kenteken 12-ABC-3, grijze Golf", {"update"}, set()),
    ("Politie is er nu", {"update"}, set()),
    ("Hij gaat de hoek om richting het park", {"update"}, set()),
    ("Ze zijn weggereden in een grijze Golf, kenteken begint met 45", {"update"}, set()),
    # --- reaction: the writer (or a named member) acts
    ("Ik ga even kijken", {"reaction"}, set()),
    ("Sta buiten met de hond", {"reaction"}, set()),
    # acts and reports what the person says: both (guide, borderline cases)
    ("Heb hem aangesproken, zegt dat hij de glazenwasser is", {"reaction", "update"}, set()),
    ("Licht aangedaan en naar buiten gegaan", {"reaction"}, set()),
    ("We lopen er met de hond langs", {"reaction"}, set()),
    ("Loop er achteraan op afstand, ze gaan nu de Mesdagstraat in", {"reaction", "update"}, set()),
    ("Ik ga niet naar buiten", set(), set()),
    ("Zal ik even gaan kijken?", set(), set()),
    # --- closure: outcome or all-clear (not also update)
    ("Loos alarm, was de nieuwe buurman", {"closure"}, set()),
    ("Politie heeft hem aangehouden", {"closure"}, set()),
    ("Hij is weg, niks meer gezien", {"closure"}, set()),
    ("Afgesloten", {"closure"}, set()),
    ("Bleek de glazenwasser te zijn", {"closure"}, set()),
    ("Alles is weer rustig", {"closure"}, set()),
    ("Hij is nog niet weg", set(), set()),
    ("Is hij weg?", set(), set()),
    # --- past events: not_acute (no signal), replies in such a thread get nothing
    ("vannacht is er bij nr 4 ingebroken", set(), {"not_acute"}),
    ("gisteren is mijn fiets gestolen", set(), {"not_acute"}),
    ("Afgelopen weekend zijn er drie auto's opengebroken in de Merelstraat", set(), {"not_acute"}),
    (
        "Hier ook niks gezien",
        {"update"},
        set(),
    ),  # news inside an incident; the incident step drops it elsewhere
    ("Ik kijk mijn deurbelcamera even terug", set(), set()),
    # --- forwarded warnings: general_notice, not a signal
    ("LET OP: nepagenten actief in de regio, DELEN!!", set(), {"general_notice"}),
    ("Burgernet: vermist meisje van 12, rode jas. Bel 112 als je haar ziet", set(), {"general_notice"}),
    # --- language
    ("Kut marokkanen weer", set(), {"language"}),
    ("Jullie zijn allemaal idioten", set(), {"language"}),
    ("Poolse bus met kenteken AB-12-CD", {"update"}, set()),
    # --- vigilante and driving
    ("pak hem", set(), {"vigilante"}),
    (
        "we gaan hem opwachten",
        {"reaction"},
        {"vigilante"},
    ),  # an intention to break rule 7 may still be a reaction
    ("Was hem toch al kwijt", set(), {"vigilante"}),
    ("hier komt hij er niet uit", set(), {"vigilante"}),
    ("typ dit vanuit de auto", set(), {"driving"}),
    ("rij erachteraan", {"reaction"}, {"vigilante", "driving"}),
    # --- off-topic (default profile forbids thanks and emoji-only)
    ("Bedankt!", set(), {"offtopic"}),
    ("👍", set(), {"offtopic"}),
    ("Oke", set(), {"offtopic"}),
    ("Goed initiatief Henk! 👍", set(), {"offtopic"}),
    ("Dankjewel voor het snelle reageren allemaal", set(), {"offtopic"}),
    ("Goedemorgen allemaal", set(), {"offtopic"}),
    ("Fijne feestdagen allemaal!", set(), {"offtopic"}),
    ("Wie heeft onze kat gezien? Grijze kater, sinds gisteren kwijt", set(), {"offtopic"}),
    ("Weet iemand van wie die grijze kat is die bij ons aanloopt?", set(), {"offtopic"}),
    ("Wie heeft er een ladder te leen?", set(), {"offtopic"}),
    ("Stoeptegel los bij de bushalte", set(), {"offtopic"}),
    ("De collecte van KWF is deze week", set(), {"offtopic"}),
    ("Zaterdag buurtbbq! Wie komt?", set(), {"offtopic"}),
    ("Haha", set(), {"offtopic"}),
    ("Stroomstoring bij jullie ook?", set(), {"offtopic"}),
    # --- neither: sympathy inside an incident, group business
    ("wat eng zeg", set(), set()),
    ("Wat een schrik zeg", set(), set()),
    ("Welkom Sanne in de groep!", set(), set()),
    ("Ter herinnering: alleen acute situaties melden, eerst 112 bellen", set(), set()),
    ("Goed dat je meteen 112 hebt gebeld Karin, zo hoort het volgens SAAR", set(), set()),
]


# Written from docs/labelling-guide.md and docs/domain.md alone, after the held-out chat showed the
# tagger weakest on vigilante, update and reaction: varied wording the development chats do not use.
GENERALISATION_CASES: list[tuple[str, set[str], set[str]]] = [
    # --- vigilante: calls for or reports of violence, chasing, detaining, blocking in, threatening
    ("Pak hem!", set(), {"vigilante"}),
    ("Ik hou hem vast tot de politie er is", {"reaction"}, {"vigilante"}),
    ("Hij komt er niet meer uit, we staan bij beide uitgangen", {"reaction"}, {"vigilante"}),
    ("Even een lesje leren die gast", set(), {"vigilante"}),
    ("Ik heb mijn honkbalknuppel gepakt, ik ga naar buiten", {"reaction"}, {"vigilante"}),
    ("We zijn hem met drie auto's achterna gereden", {"reaction"}, {"vigilante"}),
    ("Hem tegen de grond gewerkt en erop gaan zitten", {"reaction"}, {"vigilante"}),
    ("Als ik hem zie sla ik hem in elkaar", set(), {"vigilante"}),
    ("Ik heb zijn fiets afgepakt zodat hij niet weg kan", {"reaction"}, {"vigilante"}),
    ("Zet je auto voor de uitrit, dan kan hij niet weg", set(), {"vigilante"}),
    ("We hebben het busje klemgezet", {"reaction"}, {"vigilante"}),
    ("Die gast krijgt een pak slaag als ik hem vind", set(), {"vigilante"}),
    ("Mannen, allemaal naar buiten en ze de wijk uit jagen", set(), {"vigilante"}),
    ("Ik ben erachteraan gerend maar hij was te snel", {"reaction"}, {"vigilante"}),
    ("Laat de hond maar op hem los", set(), {"vigilante"}),
    ("Heb hem bij zijn kraag gegrepen", {"reaction"}, {"vigilante"}),
    ("We houden hem hier tot de agenten komen", {"reaction"}, {"vigilante"}),
    ("Ik ga hem opwachten bij zijn auto", {"reaction"}, {"vigilante"}),
    # near misses: following at a distance, watching, filming, advice against it, the police catching him
    ("Ik loop op afstand achter hem aan, hij gaat richting het station", {"reaction", "update"}, set()),
    ("Ik kijk vanuit het raam mee", {"reaction"}, set()),
    ("Ik film het vanuit mijn slaapkamerraam", {"reaction"}, set()),
    ("Niet achterna gaan, laat het aan de politie over", set(), set()),
    ("Ga er alsjeblieft niet zelf op af", set(), set()),
    ("Hij pakt een fiets uit het rek", {"update"}, set()),
    ("Politie heeft hem gepakt", {"closure"}, set()),
    # the police stopping someone is the outcome (8 of the corpus's 9 hand-labelled stops are `closure`)
    ("De politie houdt hem staande bij de brug", {"closure"}, set()),
    ("Politie zit ze achterna", {"update"}, set()),
    ("Ik hoorde een harde dreun bij de garages", set(), set()),
    ("De ambulance komt er niet door, er staan auto's dubbel geparkeerd", {"update"}, set()),
    # --- update: direction, clothing, vehicle, plate, the police arriving, photo captions
    ("Hij staat nu bij de bushalte", {"update"}, set()),
    ("Draagt een rugzak en een grijze pet", {"update"}, set()),
    ("Rijdt in een witte bestelbus zonder belettering", {"update"}, set()),
    ("Kenteken begint met GX", {"update"}, set()),
    ("De politie is gearriveerd", {"update"}, set()),
    ("Agenten lopen nu door de brandgang", {"update"}, set()),
    ("Ze fietsen nu over de Julianalaan richting de rotonde", {"update"}, set()),
    ("Foto van de man, hij liep net langs nr 8", {"update"}, set()),
    ("Hij heeft een zwarte capuchon op", {"update"}, set()),
    ("Hij is linksaf de Beukenlaan in", {"update"}, set()),
    ("Tweede man erbij, ook in het zwart", {"update"}, set()),
    ("Ze stappen in een donkere Audi", {"update"}, set()),
    ("Hij verstopt zich achter de container", {"update"}, set()),
    ("Hij steekt nu over naar het speelveldje", {"update"}, set()),
    ("Hier de foto van het busje", {"update"}, set()),
    # --- reaction: going out, watching from the window, staying with a victim, lights, the dog
    ("Ik ga naar buiten", {"reaction"}, set()),
    ("Ik kijk vanuit het raam", {"reaction"}, set()),
    ("Ik blijf bij de buurvrouw", {"reaction"}, set()),
    ("Heb alle buitenlampen aangedaan", {"reaction"}, set()),
    ("Ik loop met de hond even langs", {"reaction"}, set()),
    ("Mijn man is al naar buiten", {"reaction"}, set()),
    ("We staan met een paar buren op de hoek", {"reaction"}, set()),
    ("Ik ben wakker en hou de straat in de gaten", {"reaction"}, set()),
    ("Ik trek mijn schoenen aan en kom eraan", {"reaction"}, set()),
    ("Ik ben bij het slachtoffer gebleven", {"reaction"}, set()),
    ("Buurman Kees loopt er nu naartoe", {"reaction"}, set()),
    ("Ik blijf op de uitkijk", {"reaction"}, set()),
    ("Ik kom eraan", {"reaction"}, set()),
    ("Kan iemand even gaan kijken?", set(), set()),
    ("Ik zou niet naar buiten gaan", set(), set()),
    # --- a second batch in WhatsApp style: lower case, no full stops, 'ie', members named by relation
    ("kom op jongens die gasten moeten we te pakken krijgen", set(), {"vigilante"}),
    ("ik sta met mn buurman bij de uitrit zodat ze er niet uitkomen", {"reaction"}, {"vigilante"}),
    ("ik zet mijn auto dwars voor de garage", {"reaction"}, {"vigilante"}),
    ("heb hem nog een schop nagegeven", {"reaction"}, {"vigilante"}),
    ("we hebben hem vastgebonden in de schuur", {"reaction"}, {"vigilante"}),
    ("als ie terugkomt krijgt ie klappen", set(), {"vigilante"}),
    ("wie rijdt er mee om ze te zoeken en aan te pakken", set(), {"vigilante"}),
    ("mijn zoon rent erachteraan", {"reaction"}, {"vigilante"}),
    ("ik ga achter hem aan", {"reaction"}, {"vigilante"}),
    ("we jagen ze de wijk uit", {"reaction"}, {"vigilante"}),
    ("Die moeten we gewoon in elkaar rammen", set(), {"vigilante"}),
    ("Ik hou hem tegen tot de agenten er zijn", {"reaction"}, {"vigilante"}),
    ("ik volg ze op afstand en geef door waar ze heen gaan", {"reaction"}, set()),
    ("ik blijf binnen en kijk door het raam", {"reaction"}, set()),
    ("hou afstand en laat de politie het doen", set(), set()),
    ("Doe niks zelf, alleen kijken en doorgeven", set(), set()),
    ("hij loopt nu langs de kerk", {"update"}, set()),
    ("ze gaan nu de brandgang in achter de supermarkt", {"update"}, set()),
    ("man met grijze hoodie en zwarte joggingbroek", {"update"}, set()),
    ("ze rijden in een zilveren golf richting snelweg", {"update"}, set()),
    ("Hij zit nu bij het speeltuintje op het bankje", {"update"}, set()),
    ("was een blanke man ongeveer 30", {"update"}, set()),
    ("ze hadden een koevoet bij zich", {"update"}, set()),
    ("politie is net de straat in gereden", {"update"}, set()),
    ("2 agenten lopen nu bij de garages", {"update"}, set()),
    ("foto van het busje, kenteken staat erop", {"update"}, set()),
    ("ze zijn over het hek geklommen bij de sporthal", {"update"}, set()),
    ("hij heeft iets in zijn hand, lijkt een schroevendraaier", {"update"}, set()),
    ("ben al buiten", {"reaction"}, set()),
    ("loop er nu heen", {"reaction"}, set()),
    ("ik kijk wel even vanaf de overloop", {"reaction"}, set()),
    ("doe de buitenlamp aan", {"reaction"}, set()),
    ("we zijn met 4 man op straat", {"reaction"}, set()),
    ("ik zit bij het raam en hou het in de gaten", {"reaction"}, set()),
    ("ik ga even met de hond een blokje om", {"reaction"}, set()),
    ("mijn man is naar de overkant gelopen", {"reaction"}, set()),
    ("ik heb aangebeld bij de buren om ze te waarschuwen", {"reaction"}, set()),
    ("ik blijf bij haar tot de ambulance er is", {"reaction"}, set()),
    ("ben in de tuin gaan kijken maar niks gezien", {"reaction", "update"}, set()),
    ("Hoorde net een harde klap en glasgerinkel bij de garages", {"signal"}, set()),
    # --- a third batch: threats, revenge, damage, holding someone; more descriptions and ways to watch
    ("Ik heb hem vastgehouden tot de politie kwam", {"reaction"}, {"vigilante"}),
    ("Wij hebben ze ingesloten bij de parkeerplaats", {"reaction"}, {"vigilante"}),
    ("We hebben hem tegengehouden", {"reaction"}, {"vigilante"}),
    ("Ik sta hem op te wachten bij de poort", {"reaction"}, {"vigilante"}),
    ("Die krijgt een paar tikken van me", set(), {"vigilante"}),
    ("Ik heb hem een klap verkocht", {"reaction"}, {"vigilante"}),
    ("Sleur hem van zijn fiets", set(), {"vigilante"}),
    ("We gaan verhaal halen bij hem thuis", {"reaction"}, {"vigilante"}),
    ("Heb hem flink bedreigd", {"reaction"}, {"vigilante"}),
    ("Ik heb zijn banden lek gestoken", {"reaction"}, {"vigilante"}),
    ("Wie helpt me hem vast te houden?", set(), {"vigilante"}),
    ("Gooi maar een steen door zijn ruit", set(), {"vigilante"}),
    ("De politie heeft hem vastgehouden tot de recherche kwam", {"closure"}, set()),
    ("De hond van de buren blaft de hele tijd", set(), set()),
    ("Ik houd de voordeur in de gaten", {"reaction"}, set()),
    ("Hij is nu weer terug bij de auto", {"update"}, set()),
    ("Ze lopen de Stationsstraat uit", {"update"}, set()),
    ("Lengte ongeveer 1.80, slank", {"update"}, set()),
    ("Man met baard, rode jas", {"update"}, set()),
    ("Ik zie hem nu bij de Albert Heijn", {"update"}, set()),
    ("Ze staan nu te praten op de hoek", {"update"}, set()),
    ("De auto staat er nog steeds met draaiende motor", {"update"}, set()),
    ("De jongens zijn richting het spoor gegaan", {"update"}, set()),
    ("Zojuist nog gezien bij het tankstation", {"update"}, set()),
    ("Er zit een tweede persoon in de auto", {"update"}, set()),
    ("Hij draagt handschoenen", {"update"}, set()),
    ("Er zijn nu twee politieauto's", {"update"}, set()),
    ("Ik ga de straat even op", {"reaction"}, set()),
    ("Sta op het balkon te kijken", {"reaction"}, set()),
    ("Ik loop even een rondje", {"reaction"}, set()),
    ("We zijn met zijn drieën gaan kijken", {"reaction"}, set()),
    ("Ik zit klaar bij de voordeur", {"reaction"}, set()),
    ("Ik ben erheen gefietst", {"reaction"}, set()),
    ("Ik heb de bewoner gewaarschuwd", {"reaction"}, set()),
    ("Ik sta in de deuropening met het licht aan", {"reaction"}, set()),
    ("Ik hou de camera op de straat gericht", {"reaction"}, set()),
    ("Ik blijf binnen zodat hij niet doorheeft dat ik kijk", {"reaction"}, set()),
    ("Zet je auto dwars, dan kan hij er niet meer langs", set(), {"vigilante"}),
    # --- losing sight of someone, quiet again, a sighting told second-hand, wishing someone dead
    ("Ik zie hem niet meer, volgens mij is hij de steeg in", {"update"}, set()),
    ("Zie ze nergens meer", {"update"}, set()),
    ("Nu is het weer stil bij de garages", {"update"}, set()),
    ("Mijn buurvrouw zegt dat ze hem ziet bij de kerk", {"update"}, set()),
    ("Ze zouden hem moeten afschieten", set(), {"vigilante"}),
    ("Ik ga vanavond de bordjes ophangen bij de ingang van de wijk", set(), set()),
]


@pytest.mark.parametrize(("text", "labels", "violations"), CASES, ids=[c[0][:40] for c in CASES])
def test_guide_labels(text: str, labels: set[str], violations: set[str]) -> None:
    row = tag_texts([text]).iloc[0]
    assert {label for label in LABELS if row[label]} == labels
    assert set(row["violations"]) == violations


def test_every_label_and_violation_comes_with_a_reason() -> None:
    tags = tag_texts([text for text, _, _ in CASES])
    for (_, row), (text, _, _) in zip(tags.iterrows(), CASES, strict=True):
        fired = [label for label in LABELS if row[label]] + list(row["violations"])
        names = {name: code for code, name in label_names().items()}
        explained = [names[reason.split(":", 1)[0]] for reason in row["reasons"]]
        assert sorted(fired) == sorted(explained), text


@pytest.mark.parametrize(
    ("text", "labels", "violations"), GENERALISATION_CASES, ids=[c[0][:40] for c in GENERALISATION_CASES]
)
def test_generalisation_labels(text: str, labels: set[str], violations: set[str]) -> None:
    row = tag_texts([text]).iloc[0]
    assert {label for label in LABELS if row[label]} == labels
    assert set(row["violations"]) == violations


# Everyday wording close to the vigilante words (keeping found things, parcels, dogs, "ergens achteraan gaan",
# bangs heard, locking bikes): whatever else they are, they are no rule 7 breach.
VIGILANTE_NEAR_MISSES = [
    "Ze komen er niet uit met de gemeente over de parkeerplaatsen",
    "Hoorde een klap en na een minuut nog een",
    "De trap van ons huis kraakt al weken",
    "De kliko's waaiden om, we hebben ze vastgebonden",
    "Mogen ze ophangen bij de ingang?",
    "Houden ze vast aan het plan voor de nieuwe speeltuin?",
    "De nieuwe buurtpreventie-bordjes zijn binnen, wie helpt ze ophangen?",
    "Ik ga ze morgen ophangen bij de ingang van de wijk",
    "Ik hou ze hier tot de eigenaar ze komt ophalen",
    "Ze kunnen er niet langs met de kinderwagen",
    "We hebben camera's bij alle ingangen van de flat",
    "Ik heb het pakketje voor de buren afgenomen",
    "Laat je hond niet los lopen in het park",
    "Ik heb haar even in de arm genomen, ze was erg geschrokken",
    "Ik ga er bij de gemeente achteraan",
    "Hoorde net een paar klappen bij de garages",
    "We hebben de fietsen vastgezet aan het hek",
    "We hebben de oude schuur gesloopt",
    "Gooi de losse stenen maar in de container",
]


@pytest.mark.parametrize("text", VIGILANTE_NEAR_MISSES, ids=[t[:40] for t in VIGILANTE_NEAR_MISSES])
def test_vigilante_near_misses(text: str) -> None:
    assert "vigilante" not in tag_texts([text]).iloc[0]["violations"]
