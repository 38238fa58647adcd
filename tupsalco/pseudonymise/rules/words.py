"""The word lists and shapes the identifier rules read: rules as data, each list with what
it stands for. Compared folded (``vocab.fold``) unless a list says otherwise."""

from __future__ import annotations

import re

from ..vocab import TITLES

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
    # indefinite pronouns, capitalised in a video call's chat header ("De x à Tout le monde")
    "tout", "toute", "tous", "toutes", "chacun", "chacune",
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
# what care says around a hospital named by a word of the language ("à la x pour le sevrage",
# "c'est y pour la psychiatrie", "hospitalisé à z"): the starts of the folded words
CARE_CONTEXT = ("hospitalis", "hopita", "hosto", "urgence", "sevrage", "cure", "psychiatr",
                "somatique", "clinique", "chu", "service", "addicto", "opere", "admis",
                "transfer", "pancreat", "cirrhose", "foie", "interne", "hepat", "gastro",
                "neuro", "cardio", "reanima")
# the words before such a hospital's name: where one goes, or a list of hospitals
# or the word hospital itself ("l'hôpital x")
HOSPITAL_SLOT = frozenset({"la", "l'", "a", "au", "est", "ou", "et", "de", "par", "vers",
                           "hopital"})
HOSPITAL_REACH = 10  # tokens either side where care is said
# nouns of a person, before the person's name ("une dame x", "un type y")
PERSON_NOUNS = frozenset("dame monsieur femme homme type mec gars fille garcon gamin gamine "
                         "jeune vieux vieille voisin voisine ami amie pote copain copine "
                         "collegue gosse petiot bonhomme".split())
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
# the persons a care team follows, said right before their first name ("le patient x", "l'usagère
# y"): a first name there is a name, as after a kinship word
# (with "pt", "pte", the notes' short forms: "pte x 26a")
CARED = frozenset("patient patiente patients patientes usager usagere usagers residente resident "
                  "beneficiaire hebergee heberge pt pte pts ptes".split())
# the titles of civility and of doctors, before a surname only (not "prof", "doc", "maître",
# which also stand alone as nouns)
CIVIL_TITLES = frozenset({"madame", "mme", "monsieur", "m.", "mr", "mademoiselle", "mlle",
                          "docteur", "docteure", "dr", "dre", "dr.", "professeur", "pr", "pr."})
# the article that opens a Breton or Norman surname ("monsieur le x"): a particle only before
# a word that is no ordinary one ("madame la juge", "monsieur le maire" are roles)
ARTICLE_PARTICLES = frozenset({"le", "la"})
# the particles of surnames (Portuguese, Italian, Dutch, German, Arabic and Berber)
SURNAME_PARTICLES = frozenset({"da", "das", "do", "dos", "di", "del", "della", "van", "von",
                               "ben", "bel", "el", "ait"})
# words said after a title that are no surname: the role or the manner that follows it
NOT_SURNAMES = frozenset({"generaliste", "traitant", "traitante", "specialiste", "referent",
                          "referente", "senior", "junior", "pipi", "tout-le-monde", "untel",
                          "unetelle", "machin", "machine", "truc", "chose", "bidule",
                          # a teacher's or a doctor's rank
                          "principal", "principale", "adjoint", "adjointe", "associe", "associee",
                          "agrege", "agregee", "emerite", "titulaire", "remplacant",
                          "remplacante", "stagiaire", "honoraire"})
# the article that opens a facility's own name right after its noun ("le bar le x")
NAME_OPENERS = frozenset({"le", "la", "les", "l'"})
# the singular definite articles: a bar's, a shop's or a brand's one-word name after its noun
# ("au bar le x", "la bière la y"); "les" is as often people ("le café, les habitués")
SINGULAR_ARTICLES = frozenset({"le", "la", "l'"})
# what opens a noun's complement ("la conception du soin", "la conception qu'il a"): the word
# before is the noun, not a name
COMPLEMENT_OPENERS = frozenset({"de", "du", "des", "d'", "qu'", "que"})
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
# places to drink, and the complements that are their own names there ("le bar des sports",
# "le café du commerce", "le PMU de la poste" name a bar, not what it is for)
BARS = frozenset("bar bars cafe bistrot bistro brasserie pmu tabac troquet rade estaminet "
                 "buvette".split())
BAR_NAMES = frozenset("sports sport".split())
# the complements that are a bar's or a pharmacy's own name in every town, though words of
# the language or kinds of places ("le café du commerce", "le bar des amis", "la pharmacie du
# centre", "le café de la mairie"): the name of one shop there; not those that locate a shop
# by what is beside it ("le café de la gare", "le bar du port", "la pharmacie de la place"),
# which name one place only with their town. From the commonest names of French cafés.
SHOP_OWN_NAMES = BAR_NAMES | frozenset(
    "commerce marche mairie amis poste centre halle halles europe canal paix univers midi "
    "theatre marins pecheurs chasseurs voyageurs dockers platanes tilleuls navigateurs "
    "routiers artistes arts supporters eglise cathedrale palais tribunal musee".split())
# the shops named so
NAMED_SHOPS = BARS | frozenset({"pharmacie"})
# numbers said in words, at the head of a name ("la pharmacie des trois x")
SAID_NUMBERS = frozenset("deux trois quatre cinq six sept huit neuf dix douze cent mille".split())
# adjectives said between a facility noun and its name ("l'épicerie solidaire la x")
FACILITY_ADJECTIVES = frozenset("solidaire solidaires social sociale municipal municipale "
                                "associatif associative therapeutique medical medicale "
                                "communautaire culturel culturelle sportif sportive "
                                "pluriprofessionnelle pluriprofessionnel pluridisciplinaire "
                                "pluridisciplinaires medico psychologique psycho socio "
                                "hospitalier hospitaliere specialise specialisee".split())
# facility or street nouns that are also verb forms or said of anything ("que je voie les x")
NOT_FACILITY_NOUNS = frozenset({"voie", "cours", "place", "point", "passage", "port", "jour",
                                "bois", "escalier"})
# the links inside such a name ("la x de l'y", "le x du y")
NAME_INNER_LINKS = frozenset({"de", "du", "des", "d'", "l'", "la", "le", "les", "et"})
# the labels of a transcript's or a form's speakers and fields, never a display name before a
# colon ("P :", "Enquêtrice :", "Admin X :" is X): roles of the study (DOMAIN.md), of
# transcription software, of chat groups
ROLE_LABELS = frozenset(
    "e p enqueteur enqueteuse enquetrice interviewer intervieweur interviewee patient patiente "
    "proche proches mg med medecin dr docteur docteure ts ide inf infirmier infirmiere psy "
    "psychologue coord coordinatrice coordinateur coordination animatrice animateur moderateur "
    "moderatrice participant participante speaker intervenant intervenante locuteur locutrice "
    "pharmacien pharmacienne admin administrateur administratrice moi vous nous tous "
    "question reponse q r objet motif note notes remarque date heure lieu lien rappel adresse "
    "tel telephone portable mail courriel nom prenom age sexe profession situation traitement "
    "diagnostic conclusion antecedents suivi orientation contact info infos message sms "
    "attention important urgent rdv ps nb re tr fwd cc expediteur destinataire "
    "signature".split())
# fillers that are also adjectives, inside a name before the noun they qualify ("le bon x")
FILLER_ADJECTIVES = frozenset({"bon"})
# what a speaker says between a name and the name that corrects it ("x non pardon y")
CORRECTION_WORDS = frozenset("non pardon enfin euh plutot je veux dire".split())
# the word that opens a speaker's correction of a name just said, after a pause or none ("x...
# non, y", "x non pardon y", "x, enfin y"), the words that may go on with it, and where the name
# said instead may stand (after its preposition and its article, as the first was said)
CORRECTION_OPENERS = frozenset({"non", "pardon", "enfin"})
CORRECTION_PAUSES = frozenset({",", "...", "…", "euh", "heu"})
CORRECTION_GOES_ON = (CORRECTION_OPENERS - {"enfin"}) | CORRECTION_PAUSES \
    | frozenset("attends attendez plutot c' est etait".split())
CORRECTED_BEFORE = frozenset({"a", "au", "aux", "chez", "de", "du", "des", "d'", "par", "dans"})
# what may close the name said instead: a pause, a filler, a preposition of place, an article
# opening an apposition, a coordination, a speaker's turn
CORRECTED_CLOSERS = frozenset({",", ".", "...", "…", "?", "!", ";", ":", ")", "[", "»", "a",
                               "au", "aux", "en", "dans", "vers", "pres", "sur", "le", "la",
                               "les", "l'", "et", "ou"})
# what a firm's name may end with after its owner's name ("x et fils", "y frères", "z services")
FIRM_SUFFIXES = frozenset("fils freres frères services sarl sas".split())
# where one works for a firm, before its name ("chez x services", "pour y services", "un
# sous-traitant z services")
FIRM_CUES = frozenset("chez pour sous-traitant sous-traitance societe boite entreprise "
                      "employeur agence".split())
# the nouns of a body (an association, a network) whose own name may follow them with no
# article nor preposition, in apposition ("l'association x y", "le réseau z addictions")
BODY_NOUNS = frozenset("association asso reseau collectif fondation amicale federation "
                       "cooperative".split())
# the trades a small firm's name closes with, as French firms name themselves ("x habitat", "y
# nettoyage", "z conseil"): the activities of INSEE's NAF rév. 2 that small firms put last on
# their signs, building (section F), cleaning and security (N), transport and logistics (H),
# real estate (L), consulting (M); read like "services" after where one works ("chez x y")
FIRM_CLOSERS = frozenset("habitat batiment renovation construction btp nettoyage proprete "
                         "conseil protection securite logistique transports transport "
                         "immobilier interim".split())
# what closes a firm's name typed right after its trade ("chez propreté plus", "chez x pro"):
# the words French firms take as their name's tail
FIRM_TAILS = frozenset("plus pro express".split())
# what opens another clause, a place or a time right after a name: the name has closed
CLAUSE_OPENERS = frozenset("et mais ou ni donc puis alors il elle ils elles on je j' tu nous vous "
                           "depuis pendant avant apres a au aux en dans sur euh hein voila ben "
                           "bon".split())
# what stands before a trade that is no firm's name: an article, a possessive, a demonstrative
TRADE_DETERMINERS = frozenset("le la les l' un une des du au aux ce cet cette ces son sa ses mon "
                              "ma mes ton ta tes notre nos votre vos leur leurs en dans le".split())
# the nouns of a body of members whose name follows them with no link ("l'asso x y", "la peña
# les z", "le cercle w"): French puts no bare noun after another, so what follows is its name
MEMBERS_NOUNS = frozenset("asso assos association pena peña cercle collectif amicale chorale "
                          "fanfare".split())
# the friends' words that open a body of members' name ("les amis du x", "les copains de y")
FRIENDS_NAMES = frozenset({"amis", "copains", "amies"})
# the links inside such a name ("x de l'y", "z pour la w")
MEMBERS_LINKS = NAME_INNER_LINKS | frozenset({"pour", "en", "sans"})
# what follows such a noun without being its name: its kind, its law, its partners
MEMBERS_NOT_NAMES = FACILITY_ADJECTIVES | frozenset(
    "nationale national locale local caritative caritatif humanitaire partenaire partenaires "
    "agreee agree loi intermediaire departementale regionale federale independante "
    "familiale amie".split())
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
# what one says of a relative between commas with an article that is no nickname: pity,
# praise, blame ("ma sœur, la pauvre, ...", "mon frère, le salaud, ...")
APPOSED_EPITHETS = frozenset("pauvre pauvres malheureux malheureuse pauvrette salaud salope "
                             "con conne idiot idiote imbecile cretin cretine bougre "
                             "coquin coquine veinard veinarde chanceux chanceuse "
                             "brave pauvret".split())
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
    "colocataire ex-mari ex-femme demi-frere demi-soeur demi-sœur fiance fiancee "
    # the words of respect and kinship that North and West African, Comorian and Malagasy
    # families put before an elder's or a relative's first name, said in French speech (aunt,
    # uncle, elder sister, the pilgrim's title, "sir" and "lady")
    "khalti khalto ammi aami yaya dada tantine hadj hadja hajja cheikh cheick sidi "
    "lalla".split()
)
# what says a shop is spoken of: buying, a shop's trade, the goods one brings back ("il achète
# ses cartons chez X", "caviste chez Y", "des chouquettes de chez Z"); drinking is no cue ("on
# boit chez X" is someone's home)
SHOPPING_WORDS = frozenset(
    "achete achetes achetent acheter achetait achetais achete achetee achetees achat achats "
    "caviste cavistes caissiere caissier vendeur vendeuse magasin boutique enseigne cartons "
    "carton chouquettes croissants viennoiseries baguette boulangerie rayon rayons".split())
SHOPPING_WINDOW = 8  # tokens either side, within the sentence
# how a past participle ends after "a" ("il a changé", "a bu", "a fini", "a pris", "a dit")
PARTICIPLE_ENDINGS = ("é", "ée", "és", "ées", "i", "u", "is", "it", "ert", "ort")
# the words before an adjective or a brand, never before a person's name ("pas x", "est y",
# "chez z")
ADJECTIVE_BEFORE = frozenset("pas est etait suis es sont tres plus si trop bien assez chez "
                             "vraiment".split())
# the units written short after a number, some of them first names too ("25 min", Min)
MEASURE_UNITS = frozenset("min mn sec km kg cl ml mg".split())
# the words a phone saves a relative or a partner under, with no name ("Maman :", "Mon cœur :",
# "Tonton :" in a chat's export): a relationship, no identifier (KINSHIP and POSSESSIVES too)
CONTACT_WORDS = frozenset("maman papa mamy meme pepe daron daronne frerot cheri cherie amour "
                          "coeur cœur bebe".split()) | KINSHIP | POSSESSIVES
# what links a clause to the one before it, as speech does: a name right after them opens the
# clause ("et x il boit", "bon, x elle...")
CLAUSE_LINKS = frozenset("et mais puis alors bon ben bah euh donc".split())
# verbs said of a person, never of a feast or a country ("x dit", "x boit", "x m'a appelée")
PERSON_VERBS = frozenset(
    "dit disait raconte racontait boit buvait bosse bossait travaille travaillait habite "
    "habitait adore adorait veut voulait pense pensait rigole pleure pleurait m' me m'a "
    "m'appelle m'appelait repart rentre rentrait".split())
# what "il" says of no one ("il fait froid", "il y a", "il faut", "il pleut")
IMPERSONAL_VERBS = frozenset("fait faisait faut fallait y pleut pleuvait neige neigeait parait "
                             "paraît semble semblait s'agit reste restait suffit".split())
# the words for parents and grandparents said before a first name as a title ("Maman X",
# "Mamie X"); not "tonton", "tata", which also open a nickname ("Tata X" for a neighbour); with
# the words for father and mother of the Maghreb, West Africa and the Comoros ("baba", "mama")
FAMILY_ADDRESS = frozenset("maman papa mamie mamy meme pepe papi papy baba mama".split())
# articles and possessives before a noun; not the contracted prepositions ("au", "du"), which
# also open a place's name
NOUN_ARTICLES = frozenset("le la l' les un une mon ma mes ton ta tes son sa ses notre nos votre "
                          "vos leur leurs ce cet cette".split())
# what a public figure is, said right before the name ("le chanteur x", "l'écrivain y"): the
# figure, though the name is also a first name or a surname (public_figures_ambiguous.txt)
FIGURE_NOUNS = frozenset("chanteur chanteuse chanteurs rappeur rappeuse ecrivain ecrivaine auteur "
                         "autrice poete poetesse philosophe peintre acteur actrice comedien "
                         "comedienne humoriste cineaste realisateur realisatrice footballeur "
                         "joueur joueuse boxeur pilote champion championne entraineur "
                         "selectionneur prophete apotre savant romancier romanciere "
                         "musicien musicienne".split())
# verbs after which a singer's or a writer's name is the figure ("j'écoute X", "il lit Y"); never
# a verb of seeing or meeting ("j'ai vu X")
LISTENING_VERBS = frozenset("ecoute ecoutes ecoutais ecoutait ecoutent ecouter lis lit "
                            "lisais lisait lisent lire relit".split())
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
    # titles with their full stop too ("M. X")
    + "|".join(re.escape(w) for w in sorted(TITLES | KINSHIP | ROLES)
               if w[-1].isalpha() or w[-1] == "." and w[-2].isalpha())
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
                                    "appellation millesime piquette rhum rhums biere bieres "
                                    "cidre cremant".split())
WINE_WINDOW = 6  # tokens either side, within the sentence
# drinking said: a drink's name that is also a person's, after its article, is the drink
# where drinking is said in its sentence ("vous buviez quoi ? le x, forcément")
DRINKING_VERBS = frozenset("boire boit bois boivent buvait buvais buvaient buviez buvions bu "
                           "buvez buvons picole picolait picoler".split())
# products named after their town (appellations, cheeses, spices, waters): "le vin de X", "le
# piment de X", "l'eau de X", "le X, le fromage" name the product, not the place (folded)
PRODUCT_NOUNS = frozenset("vin vins eau eaux piment fromage fromages gentiane moutarde jambon "
                          "nougat saucisson saucisse confiture liqueur aperitif "
                          # the foods named after their town (the INAO's protected names and
                          # the regional specialities of the Inventaire du patrimoine culinaire)
                          "andouille andouilles andouillette andouillettes betises crottin "
                          "cassoulet calisson calissons galette galettes madeleine madeleines "
                          "bergamote bergamotes berlingot berlingots rillettes lentilles "
                          "huitres tripes biscuit biscuits pate chou choucroute "
                          "lentille fraises pruneaux cidre".split())
# the kind of a drink, before its brand ("le rhum X", "une bière X", "la vodka X"): a brand
# named right after it is a drink, not a person or a place (folded, as the rules compare them)
DRINK_KINDS = frozenset("rhum rhums whisky whiskies whiskey vodka vodkas gin biere bieres tequila "
                        "cognac armagnac calvados champagne cidre pastis anis liqueur porto vin "
                        "vins muscat cremant blanquette pineau clairette floc marc kir cocktail "
                        "aperitif gentiane genievre".split())
# the appellations said with a place after "de" ("un muscat de X", "la blanquette de X")
APPELLATION_KINDS = frozenset("muscat cremant blanquette pineau clairette floc marc vin vins "
                              "coteaux cotes".split())
# toasts said when drinking (Wikipédia, « Toast (boisson) » and its regional forms): a word
# of its own before "!" or a comma, never a name
TOASTS = frozenset("sante tchin tchin-tchin prosit salud cheers skol kampai yec'hed".split())
SAINTS = frozenset({"saint", "sainte", "st", "ste"})
# saints whose day is a feast of a trade or a region and whose name is no current first name
# (the Église catholique's calendar; the feasts of trades): "la Sainte-Barbe" of miners and
# firemen, "la Saint-Éloi" of smiths, "la Saint-Fiacre" of gardeners, "la Saint-Honoré" of
# bakers, "la Saint-Hubert" of hunters, "la Saint-Crépin" of shoemakers, "la Saint-Glinglin"
FEAST_SAINTS = frozenset("barbe eloi fiacre honore hubert crepin glinglin sylvestre cochon "
                         "roch blaise urbain".split())
# what says a chain's shop rather than a person's home before its name: "au X", "du X" (no one
# is called with an article), "chez X" with a capital, a shop's word ("le magasin X")
SHOP_CUES = frozenset("au aux du chez magasin supermarche hyper hypermarche drive caisse rayon "
                      "enseigne boutique station sac sacs".split())
# street words that open a street's name even in lower case (never "place", "cours", "route": also
# common nouns)
STREETS = frozenset("rue avenue boulevard impasse quai square".split())
# street words that are also ordinary nouns ("une place de parking", "le chemin de la guérison"):
# a street only before a name the gazetteers hold, a hyphenated name or no word of the language
COMMON_STREETS = frozenset("place chemin route allee cours passage sentier".split())
# what before "saint X" makes it a place: a preposition of place, a street's word, "place",
# "cours", "chemin", "route", "allée" ("à Saint X", "rue Saint X")
SAINT_PLACE_BEFORE = frozenset({"en", "sur", "place", "cours", "chemin", "route", "allee"})
# of those, the words that make "saint X" a street or a square whatever its case
SAINT_STREETS = SAINT_PLACE_BEFORE - {"en", "sur"}
# what an eponym names in care, said before "de" and the name ("l'échelle de X", "la thyroïdite
# de Y", "le questionnaire de Z"): the scale, the test or the disease, not a person (the head
# nouns of the medical eponyms, Garnier-Delamare's dictionary; the study's convention keeps
# eponymous syndromes and scales). Folded.
EPONYM_HEADS = frozenset(
    "echelle score questionnaire classification syndrome maladie thyroidite signe critere "
    "criteres index indice triade encephalopathie neuropathie demence psychose test".split())
# a law said by its author's name right after "loi" ("la loi X")
LAW_HEADS = frozenset({"loi", "lois"})
# what, said right before a full name, makes it an artist's or an author's spoken of for their
# work: a verb of listening or reading ("il écoute X Y", "j'ai lu Z W"), or what the person is
# in the arts ("la chanteuse X Y"); not the trades a neighbour may have (a painter, a player, a
# coach). Folded.
WORK_CUES = LISTENING_VERBS | frozenset(
    "lu chanteur chanteuse rappeur rappeuse ecrivain ecrivaine romancier romanciere poete "
    "poetesse philosophe humoriste cineaste".split())
# the nouns a neighbourhood's own name follows, a kept word too ("le quartier de la x", a region)
DISTRICT_NOUNS = frozenset({"quartier", "cité"})
# the words that announce a locality's own name, whatever follows ("au lieu-dit les x")
LOCALITIES = frozenset("lieu-dit lieudit hameau".split())
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
    "vendeuse caissiere caissier pharmacien pharmacienne proprio gerant gerante ete hiver "
    "printemps automne".split())
# what a drink is served in, before "de" and its brand ("des shots de X", "une canette de Y"),
# the containers that are never part of a place's name ("la coupe de France", "le ballon
# d'Alsace", "le fond de la vallée" are)
SERVINGS = frozenset("verre verres bouteille bouteilles canette canettes cannette cannettes "
                     "pack packs shot shots litre litres pinte pintes cubi cubis pichet "
                     "pichets carafe carafes flasque flasques fiole fioles".split())
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
# verbs of liking, tasting, bringing and selling what is drunk or eaten: after one, a town's
# name with an article is its product ("elle aime le X", "il ramène de la Y")
LIKING_VERBS = frozenset(
    "aime aimait aimaient adore adorait goute goutait gouter ramene ramenait ramener apporte "
    "apportait vend vendait vendre fabrique fabriquait produit produisait achete achetait "
    "commande commandait sert servait".split())
NAME_TYPES = ("PER", "LOC", "ORG")
# rules whose reading outranks a term kept elsewhere: "la clinique Sud", "Mme Lorraine", "avec x et
# Y" (a first name that also names an app), "le bar de la X" (a common noun kept elsewhere), "à x
# en Y" (a commune that also names a département, with its region after it), "X L., 47 ans" (a
# first name that is also a feast, with a surname's initial)
# the rules whose reading outranks any term to keep at every step (the candidates' filter,
# the identifiers' filter, the kept terms): "la clinique Sud", "le bar de la X"; a town said as
# one though it names a drink ("il a grandi à x"); a hospital where care is said though its word
# is a drink's; a public place's name after its noun ("la plage des x", x a demonym); a nickname
# given after "dit le" ("Kevin dit le X", X a demonym)
OUTRANKING_ANY_TERM = frozenset({"facility-point", "facility-common", "drink-town",
                                 "hospital-word", "landmark", "called", "town-listed",
                                 "town-listed-lower", "chat-name", "district-kept"})
OVERRIDING_SOURCES = OUTRANKING_ANY_TERM | frozenset({"title", "coordination", "town-region",
                                                      "initialled", "naming-kept", "facility"})
# ... and those that outrank a word another rule kept in its context too (a drink, a region):
# a neighbourhood named after "quartier", a nickname said to be one
OVERRIDING_CONTEXT_KEPT = frozenset({"district-kept", "called"})
# "y a", "y avait": a bare lower-case first name after them is someone ("y avait x, ...")
EXISTENTIAL = frozenset({"a", "avait", "aura", "aurait", "avaient"})
# verbs of calling or asking someone, then a bare name, then a number, a pause or an aside
CALLING_VERBS = frozenset("appelez appelle appelles appeler rappelez rappelle rappeler contactez "
                          "joindre "
                          "contacte contacter demandez demande demander".split())
CALLED_NEXT = frozenset({",", ".", "!", "?", "au", "sur", "et", "si", "quand", "pour", "ou"})
# words before a name put first in its sentence and taken up by a pronoun ("et x il ...")
DISLOCATION_BEFORE = frozenset({"et", "mais", "pis", "puis", "alors", "sauf", "meme", ",",
                                "donc", "bon", "ben", "bah", "enfin", "euh", "hein"})
# towns that are also words said after "à" ("à sens unique", "à ville"): never read in lower case
TOWN_WORDS = frozenset({"sens", "ville", "tours", "part", "vue"})
# the public places of a town, before "de" and its name ("le marché de x", "la mairie de y"):
# the town, not its product
TOWN_PLACES = frozenset("marche mairie gare ville village commune vallee region cooperative "
                        "eglise place port plage foire fete".split())
# words that join two names of people said together
COORDINATIONS = frozenset({"et", "ou", "avec"})
# adjectives that rank or count rather than describe: "x et le premier", "y et la suivante" say
# which one, no nickname
RANKING_ADJECTIVES = frozenset("premier premiere dernier derniere seul seule meme autre autres "
                               "prochain prochaine suivant suivante precedent precedente "
                               "nouveau nouvelle".split())
# said before a club named by its town or its initials ("il supporte Lens", "fan de l'OM", "le
# match Lens-Lille"): the club, a public body, not the town where someone lives
CLUB_CUES = frozenset("supporte supportait supportent supporter supporters supporteur "
                      "supporteurs supportrice fan fans match matchs derby maillot abonne "
                      "abonnement".split())
# said before a first name in a list of people ("X, le petit y, ...")
LISTED_BEFORE = frozenset({"le petit", "la petite", "le grand", "la grande", "le vieux",
                           "la vieille", "le jeune", "la jeune"})
# words said to someone before their name
VOCATIVE_CUES = frozenset("merci salut bonjour bonsoir coucou allez dis ecoute tiens bravo ok "
                          "courage "
                          "pardon viens regarde attends".split())
# a pet's nouns: the name said with them is a pet's, never marked (the marking conventions:
# "pets are never marked, even a dog called after a drink"), so it stays
PET_NOUNS = frozenset("chien chienne chiens chiennes chiot chiots chat chatte chats chaton "
                      "chatons toutou cheval jument".split())
# the greetings that open a message or a call before the caller says who speaks ("coucou, c'est
# x", "allô c'est y de la pharmacie")
GREETINGS = frozenset("bonjour bonsoir coucou salut allo hello hey".split())
# what may follow the name a caller gives: a pause, where they are from, the next clause
AFTER_CALLER = frozenset({",", ".", "!", "…", "...", "de", "du", "d'", "je", "j'", "-"})
CUED = frozenset({"title", "kinship", "apposition", "naming", "naming-kept", "kinship-lower",
                  "vocative", "apposition-lower", "vocative-lower", "coordination", "initialled"})
# street words that are also common nouns: before a domain term they name no street
COMMON_STREET = re.compile(r"(?i)passage|place|cours|voie|route|chemin|villa|cité|résidence")
PLACE_PREPOSITIONS = frozenset({"a", "au", "vers", "aux", "habite", "depuis", "du", "des", "dans",
                                "de"})
# where one goes to an establishment, said right before its name ("au X", "chez Y"): capitalised
# there, ordinary words are its name when what it is comes next ("au X, le bar en face")
INTO_ESTABLISHMENT = frozenset({"au", "aux", "chez"})
# the contracted articles said before a name that has its own article ("au Havre" is Le
# Havre, "aux Abymes" Les Abymes): the contraction and the article it stands for
CONTRACTED_ARTICLES = {"au": "le", "du": "le", "aux": "les", "des": "les"}
# the elided articles, typed apart from their word by some transcripts ("val de l' x")
ELIDED = frozenset({"l'", "d'"})
# the verbs of where one lives, before "à la x", "au y", "aux z": a neighbourhood whose name is
# a word of the language is said so ("j'habite à la x", "il a grandi aux y")
LIVING_VERBS = frozenset("habite habites habitent habitait habitais habitaient habiter habité vis "
                         "vit vivent vivait vivais vivaient vivre grandi ne nee loge logee logent "
                         "demenage demenagee installe installee dors dort dormait".split())
# a place's name that is also a word, explained by what it is right after it ("à x euh la ville
# hein", "au y, la commune", "z c'est la ville", "w c'est un quartier"): spoken French says which
# sense it means. The kind's noun and the articles it takes; the small words that may stand
# between the name and the kind
PLACE_KINDS = {"ville": frozenset({"la", "une"}), "commune": frozenset({"la", "une"}),
               "village": frozenset({"le", "un"}), "quartier": frozenset({"le", "un"}),
               "bourg": frozenset({"le", "un"}), "hameau": frozenset({"le", "un"})}
EXPLAINING_WORDS = frozenset({"euh", "hein", "enfin", "bon", "donc", "oui", "voila", "c'", "est",
                              ","})
# the prepositions of where one goes or meets, before the article of a place's name ("à la x",
# "chez les y", "devant le z", "avec la w" for a team): a bar's, a shop's, a hospital's slot
GOING_TO = frozenset({"a", "chez", "vers", "devant", "derriere", "pres", "avec", "pour"})
# the words after which a commune's name is said rather than a word ("à x", "habite x")
CLOSE_PLACE_WORDS = frozenset({"a", "vers", "habite", "habitait"})
# what sets a text overseas, where communes named with their article ("Le Port", "La
# Possession", "Le Moule") are said every day in lower case by transcribers
OVERSEAS = re.compile(r"(?i)(?<!\w)(?:la r[ée]union|r[ée]unionnais\w*|martiniqu\w*|"
                      r"guadeloup\w*|guyan\w*|mayott\w*|mahorais\w*|antilles|antillais\w*|"
                      r"outre-mer|dom-tom|97[1-6])(?!\w)")
# "être de X", said of a person, with the town's capital: its origin ("elle est de X")
ORIGIN_BEING = frozenset({"est", "es", "etes", "sont", "etait", "etaient", "suis"})
# the words after which "de x" says where one comes from or lives near ("originaire de x",
# "à côté de x", "je suis de x"): spoken French's ways of saying origin and nearness
ORIGIN_BEFORE_DE = frozenset({"pres", "cote", "loin", "proche", "environs", "alentours", "sortie",
                              "originaire", "originaires", "viens", "vient", "viennent",
                              "venait", "venu", "venue", "venus", "venues", "suis", "natif",
                              "native", "revenu", "revenue", "parti", "partie", "arrive",
                              "arrivee", "region", "coin"})
OF = frozenset({"de", "d'", "d’"})
WEEKDAYS = frozenset("lundi mardi mercredi jeudi vendredi samedi dimanche".split())
# the months and days, some of which are also communes ("mars", "mai")
CALENDAR = MONTH_NAMES | WEEKDAYS
# adverbs of place, no name after a facility's noun ("qu'on se voie ici", "au bar là")
PLACE_ADVERBS = frozenset("ici la-bas labas la-haut dedans dehors".split())
# the words of when that follow a place's name as they follow any complement ("à x hier soir")
WHEN_WORDS = frozenset("hier demain aujourd'hui matin soir midi nuit apres-midi avant-hier "
                       "apres-demain".split())
WHEN_SAID = CALENDAR | WHEN_WORDS
# the nouns of a public place whose own name follows after "de", "du", "des" ("la plage des x",
# "la prairie des y", "le parc de la z", "les quais de la w"): the name points at one town (the
# marking conventions: a landmark is an identifier); not "tour" ("tour du monde"), "camp"
# ("camp de vacances"), "bois" ("bois de chauffage"), and "place" only before a name that is no
# word of the language ("à la place de", "la place de l'alcool")
LANDMARK_NOUNS = frozenset(
    "plage plages parc prairie pont pointe colline quai quais marche jardin jardins square "
    "esplanade etang lac butte anse baie ile iles fontaine".split())
# the generic nouns that open the names of the gazetteer's places ("Parc de la Tête d'Or",
# "Île de Nantes", "Promenade des Anglais"), written in lower case by French usage before the
# capitalised rest ("le parc de la Tête d'Or", "la tour Bretagne"); chosen by hand among the
# first words of towns.txt's entries of several words
LISTED_PLACE_HEADS = frozenset(
    "parc place porte pont ile iles cite port mont bois val cap fort lac tour marche chateau "
    "jardin jardins pointe plage plages gare quai quais faubourg foret promenade cours fontaine "
    "mas palais plaine cote centre halles butte riviere chemin etang plateau rives rocher "
    "colline fosse vallee canal espace stade montagne moulin champ champs anse baie "
    "esplanade square dune massif".split())
# what follows such a noun without being its name: what it is made of, what it serves, the
# ways beside it
LANDMARK_NOT_NAMES = frozenset(
    "sable galets jeux loisirs attractions enfants stationnement parking autoroute chemin fer "
    "voie peripherique rocade periph rer metro train trains bateaux peche baignade nudistes "
    "gros detail producteurs puces occasion brocante fruits legumes poissons fleurs bio "
    "noel".split())
# people said with the place they come from or work in ("la dame de x", "les gars de y")
PEOPLE_OF_A_PLACE = frozenset("dame dames monsieur messieurs homme hommes femme femmes gars mec "
                              "mecs type types famille familles gens jeunes equipe equipes "
                              "collegue collegues copain copains copine copines "
                              "patient patiente patients patientes habitant habitants".split())
NAME_ARTICLES = frozenset({"Les", "Le", "La", "L'", "L’", "Chez", "Aux", "Au", "À"})
# the words of time said right after a name ("j'ai appelé la x hier"): no phrase goes on
SAID_AFTER_A_NAME = NOT_SHOP_NAMES | frozenset(
    "hier demain aujourd'hui maintenant encore aussi toujours deja souvent jamais parfois "
    "apres avant ensuite".split())
# first names that are abstract nouns, the virtues given as names (Prudence, Constance,
# Félicité...), and the words before which such a noun in lower case is the word ("avec
# prudence", "par prudence", "une victoire"), not the person found elsewhere in the text
VIRTUE_NAMES = frozenset("prudence patience grace felicite constance esperance "
                         "victoire fidelite liberte charite innocence providence "
                         "modestie".split())
VIRTUE_WORD_BEFORE = frozenset("avec par sans en de d' la une sa son ma mon ta ton cette quelle "
                               "grande petite toute".split())
# what stands between a relative's word and the pronoun that goes on with the relative without
# being a name ("ma sœur aînée elle", "mon père biologique il", "mon frère malade il")
RELATIVE_QUALIFIERS = frozenset(
    "aine ainee aines ainees cadet cadette cadets cadettes jumeau jumelle jumeaux jumelles "
    "unique biologique adoptif adoptive actuel actuelle ancien ancienne defunt defunte decede "
    "decedee paternel paternelle maternel maternelle prefere preferee benjamin benjamine "
    "malade handicape handicapee alcoolique dernier derniere premier premiere deuxieme second "
    "seconde troisieme seul seule lui aussi meme petit petite grand grande vieux vieille "
    "jeune".split())
# what follows a relative's name when the sentence goes on with the relative ("ma sœur x elle
# m'a dit", "sa copine y m'a appelée")
RELATIVE_GOES_ON = frozenset("il elle qui m' m'a lui".split())
# the words that give a nickname after a name ("Kevin dit le X", "Y, surnommée la Z")
NICKNAME_GIVERS = frozenset({"dit", "dite", "surnomme", "surnommee"})
# adverbs said between a verb of naming and the name ("il s'appelle vraiment x")
NAMING_ADVERBS = frozenset("vraiment reellement aussi meme carrement officiellement".split())
# who calls someone by a name before "l'appelle" ("on l'appelle x", "tout le monde l'appelait
# y", "les gens l'appellent z"): a name given, not a call on the phone
NICKNAME_SUBJECTS = frozenset("on je ils elles nous vous monde gens tous".split())
# what follows a call on the phone, never a name ("je l'appelle demain", "on l'appelle souvent")
CALL_ADVERBS = frozenset(
    "demain souvent jamais toujours parfois bientot maintenant aujourd'hui hier rarement "
    "regulierement encore aussi tard tot ensuite apres avant chaque tous toutes quand des "
    "direct directement quelquefois tantot plus moins pendant vite ensemble ici la-bas "
    "expres doc toubib chef".split())
# a person going on after a name: "on l'appelle x, il ...", "x c'est ..."
PERSON_PRONOUNS = frozenset("il elle lui c' c'est comme bon euh hein voila".split())
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
# a nickname with its article said to be one: "le x, un surnom", "la y c'est un surnom", "un
# surnom ... c'est le z", "le w (surnom)"; a nickname that a word for one ("surnom", "blase",
# "sobriquet") announces, with or without its article, in the present or the past ("son surnom
# c'était v", "son blase c'est le u": an article-less word must be one that may be a name, see
# PersonRules), never in a clause of its own ("(surnom, il était t de métier)")
NICKNAME_SAID = re.compile(
    r"(?i)(?<![\w'’])(?:le|la)\s+«?\s*(?P<id>[a-zà-ÿ][\w\-]{2,})\s*»?"
    r"(?=\s*(?:,\s*|\(\s*|c['’]est\s+|qui\s+est\s+)(?:un|son|mon|leur)?\s*surnom)"
    r"|(?<!\w)(?:surnoms?|blases?|blazes?|sobriquets?)\b[^.!?\n]{0,60}?"
    r"(?:c['’](?:est|était|etait)|(?<!il\s)(?<!on\s)(?<!elle\s)(?<!ils\s)(?<!elles\s)"
    r"(?:était|etait))\s+«?\s*(?P<art>(?:le|la)\s+|l['’])?"
    r"(?P<id2>[a-zà-ÿ][\w\-]{2,})")
# a first name said to be someone: "x c'est un monsieur de soixante ans", "y c'est une patiente"
DESCRIBED_AS_PERSON = re.compile(
    r"(?i)(?<![\w'’\-])(?P<id>[a-zà-ÿ][\w\-]{2,})\s*,?\s+c['’]est\s+(?:un|une)\s+(?:monsieur|dame|"
    r"patient|patiente|homme|femme|jeune|gars|ami|amie|copain|copine|collègue|voisin|voisine|"
    r"vieux|vieille|petit|petite)\b")
# a word made a nickname, then explained as one: "le x, on l'appelle comme ça", "le y non le z
# enfin on l'appelle comme ça", "le w c'est pas un w" (a people's or a region's name, a trade:
# the person, though the word is kept elsewhere)
NICKNAME_EXPLAINED = re.compile(
    r"(?i)(?<![\w'’])(?:le|la)\s+(?P<id>[a-zà-ÿ][\w\-]{2,})"
    r"(?=(?:\s*,?\s*(?:non|euh|enfin|le|la|[a-zà-ÿ][\w\-]*)){0,4}?\s*,?\s+"
    r"on\s+l['’]appel(?:le|ait)\s+comme\s+(?:ça|ca)"
    r"|\s*,?\s+c['’]est\s+pas\s+(?:un|une)\s+(?P=id)\b)")
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
