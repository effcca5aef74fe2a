"""Hand-written messages with the labels docs/labelling-guide.md gives them: the pitfalls of keyword matching.

Each row is (text, labels, violations) under the default profile. These are the tagger's own
development sentences; the sample chats in sample_exports/source/ stay the held-out test set.
"""

from __future__ import annotations

import pytest

from analysis.model import LABELS
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
    ("Mijn alarmsysteem heeft de meldkamer gewaarschuwd, politie is onderweg", {"alarm", "update"}, set()),
    ("De alarmcentrale heeft de politie ingeschakeld", {"alarm"}, set()),
    ("Ook gebeld", {"alarm"}, set()),
    ("Is al gebeld!", {"alarm"}, set()),
    ("Politie is onderweg", {"update"}, set()),  # news about the police, not a confirmed call
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
    ("Mijn buurvrouw ligt op de grond en reageert niet, ambulance onderweg", {"signal"}, set()),
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


@pytest.mark.parametrize(("text", "labels", "violations"), CASES, ids=[c[0][:40] for c in CASES])
def test_guide_labels(text: str, labels: set[str], violations: set[str]) -> None:
    row = tag_texts([text]).iloc[0]
    assert {label for label in LABELS if row[label]} == labels
    assert set(row["violations"]) == violations


def test_every_label_and_violation_comes_with_a_reason() -> None:
    tags = tag_texts([text for text, _, _ in CASES])
    for (_, row), (text, _, _) in zip(tags.iterrows(), CASES, strict=True):
        fired = [label for label in LABELS if row[label]] + list(row["violations"])
        explained = [reason.split(":", 1)[0] for reason in row["reasons"]]
        assert sorted(fired) == sorted(explained), text
