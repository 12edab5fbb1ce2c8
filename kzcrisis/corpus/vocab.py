"""The controlled vocabularies and the record field names, without pydantic.

The CLI needs these to build its options on every call; `models` builds on them.
"""

from __future__ import annotations

from enum import StrEnum

KINDS: tuple[str, ...] = ("casualty", "arrest", "deployment", "reaction", "event")


class EntityType(StrEnum):
    COUNTRY = "country"
    ORGANISATION = "organisation"
    PERSON = "person"


class Stance(StrEnum):
    """What a reaction says; the vocabulary is small on purpose so it can be filtered."""

    CALLS_FOR_RESTRAINT = "calls_for_restraint"
    CALLS_FOR_DIALOGUE = "calls_for_dialogue"
    CONDEMNS_VIOLENCE = "condemns_violence"
    EXPRESSES_CONCERN = "expresses_concern"
    MONITORING = "monitoring"
    SUPPORTS_GOVERNMENT = "supports_government"
    SUPPORTS_CSTO_DEPLOYMENT = "supports_csto_deployment"
    QUESTIONS_CSTO_DEPLOYMENT = "questions_csto_deployment"
    ALLEGES_FOREIGN_INTERFERENCE = "alleges_foreign_interference"
    DENIES_INVOLVEMENT = "denies_involvement"
    CALLS_INTERNAL_AFFAIR = "calls_internal_affair"
    OFFERS_HELP = "offers_help"
    DEFENDS_RIGHTS = "defends_rights"
    CALLS_FOR_SOVEREIGNTY = "calls_for_sovereignty"
    HOPES_FOR_STABILITY = "hopes_for_stability"
    CONSULTS_PARTNERS = "consults_partners"
    ALLEGES_COUP = "alleges_coup"
    DRAWS_PARALLEL = "draws_parallel"


STANCE_HELP: dict[Stance, str] = {
    Stance.CALLS_FOR_RESTRAINT: "asks one or all sides to show restraint",
    Stance.CALLS_FOR_DIALOGUE: "asks for dialogue or a peaceful solution",
    Stance.CONDEMNS_VIOLENCE: "condemns violence, looting or destruction",
    Stance.EXPRESSES_CONCERN: "says it is worried or concerned",
    Stance.MONITORING: "says it is following the situation closely",
    Stance.SUPPORTS_GOVERNMENT: "stands with the Kazakh authorities",
    Stance.SUPPORTS_CSTO_DEPLOYMENT: "backs the CSTO deployment",
    Stance.QUESTIONS_CSTO_DEPLOYMENT: "questions or criticises the CSTO/Russian deployment",
    Stance.ALLEGES_FOREIGN_INTERFERENCE: "blames terrorists, foreign-trained gangs or outside forces",
    Stance.DENIES_INVOLVEMENT: "denies having a hand in the unrest",
    Stance.CALLS_INTERNAL_AFFAIR: "calls the unrest Kazakhstan's internal affair",
    Stance.OFFERS_HELP: "offers help, mediation or support",
    Stance.DEFENDS_RIGHTS: "speaks for the right to protest, free media, human rights or releases",
    Stance.CALLS_FOR_SOVEREIGNTY: "asks that Kazakhstan's sovereignty be respected",
    Stance.HOPES_FOR_STABILITY: "hopes the situation calms, stabilises or comes under control soon",
    Stance.CONSULTS_PARTNERS: "says it is consulting or coordinating with allies or partners",
    Stance.ALLEGES_COUP: "calls the unrest an attempted coup or seizure of power",
    Stance.DRAWS_PARALLEL: "likens the unrest to events elsewhere or at another time",
}


class Metric(StrEnum):
    KILLED = "killed"
    INJURED = "injured"
    DETAINED = "detained"
    TROOPS = "troops"
    AIRCRAFT = "aircraft"


class Group(StrEnum):
    """Whom a reader would compare a figure with (corpus/README.md, "Groups"). Figures of
    different groups are never compared; a subgroup's figure is context for `all`, never added."""

    ALL = "all"
    # Those outside the security forces, whatever the source calls them (protesters, rioters):
    # the word is the source's view of them, kept in the figure's `label`.
    NON_SECURITY = "non_security"
    PROTESTERS = "protesters"
    RIOTERS = "rioters"
    SECURITY_FORCES = "security_forces"
    CIVILIANS = "civilians"
    CSTO_FORCES = "csto_forces"
    RUSSIAN_FORCES = "russian_forces"


class Qualifier(StrEnum):
    EXACT = "exact"
    ABOUT = "about"
    AT_LEAST = "at_least"
    MORE_THAN = "more_than"
    UP_TO = "up_to"
    DOZENS = "dozens"
    REACHED = "reached"  # a count that has reached n ('lên tới' as a verb): n at that date
    PROJECTED = "projected"  # could reach n and may rise further: a forecast, neither floor nor ceiling


# A qualifier in the words of a sentence ('more than 75'): compare's reasons.
QUALIFIER_READING: dict[str, str] = {
    "exact": "",
    "reached": "",
    "about": "about",
    "at_least": "at least",
    "more_than": "more than",
    "up_to": "up to",
    "projected": "could reach",
    "dozens": "dozens",
}


# Where in its article a claim stands: the body text, or a photo caption that adds a fact.
SECTIONS: tuple[str, ...] = ("body", "caption")


KIND_METRICS: dict[str, frozenset[Metric]] = {
    "casualty": frozenset({Metric.KILLED, Metric.INJURED}),
    "arrest": frozenset({Metric.DETAINED}),
    "deployment": frozenset({Metric.TROOPS, Metric.AIRCRAFT}),
}
# The kinds whose claims carry figures (what `figures` and `compare` read).
FIGURE_KINDS: tuple[str, ...] = tuple(KIND_METRICS)

# What becomes of undated claims under a date range: include, exclude, or only them.
UNDATED: tuple[str, ...] = ("include", "exclude", "only")

# Every argument that takes one value of a vocabulary, and its values: what the CLI's options offer
# and what `kzcrisis.corpus.choices.choose` checks, for the command line and the API alike.
CHOICES: dict[str, tuple[str, ...]] = {
    "kind": KINDS,
    "stance": tuple(s.value for s in Stance),
    "metric": tuple(m.value for m in Metric),
    "group": tuple(g.value for g in Group),
    "qualifier": tuple(q.value for q in Qualifier),
    "section": SECTIONS,
    "undated": UNDATED,
    "type": tuple(t.value for t in EntityType),
}

# The filters every listing takes, by their keyword (the API's arguments; the CLI's options are
# their plurals where repeatable): `kzcrisis.query.select.build_filters` reads them.
FILTERS: tuple[str, ...] = (
    "kind",
    "source",
    "country",
    "actor",
    "stance",
    "metric",
    "since",
    "until",
    "limit",
    "min_outlets",
    "section",
    "undated",
)

# The JSON record of a claim: these keys in this order (kind-specific keys only on that kind).
# The contract: keys are added, never renamed or retyped; tests/corpus/test_models.py pins it to the models.
COMMON_FIELDS: tuple[str, ...] = (
    "id",
    "kind",
    "source",
    "date",
    "date_note",
    "reported_by",
    "actors",
    "mentions",
    "quote",
    "text_en",
    "note",
    "section",
    "on_behalf_of",
    "statement",
)
# What the index adds after the claim's own fields: the outlet, the day its text was written (an upper
# bound of an undated claim's date, `corpus.written`), the English names of entities, and the ids of
# the claims of other articles that report the same statement (`statement`).
EXTRA_FIELDS: tuple[str, ...] = ("outlet", "known_by", "names", "twins")
KIND_FIELDS: dict[str, tuple[str, ...]] = {
    "casualty": ("figures",),
    "arrest": ("figures",),
    "deployment": ("figures", "contributors", "mission", "legal_basis", "command"),
    "reaction": ("speaker", "stances"),
    "event": ("place",),
}
ALL_FIELDS: tuple[str, ...] = (
    COMMON_FIELDS + tuple(dict.fromkeys(f for kind in KINDS for f in KIND_FIELDS[kind])) + EXTRA_FIELDS
)
