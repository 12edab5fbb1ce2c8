"""The corpus schema: what a curator writes and what `load_corpus` returns.

Pydantic lives here and nowhere on the query fast path: the cache (see
`kzcrisis.index`) stores records already validated by these models.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, Strict, model_validator

from kzcrisis.corpus.links import check_web_address
from kzcrisis.corpus.parties import entity_refs
from kzcrisis.corpus.text import with_article
from kzcrisis.corpus.vocab import (
    KIND_METRICS,
    KINDS,
    EntityType,
    Group,
    Metric,
    Qualifier,
    Stance,
)

__all__ = [
    "KINDS",
    "Claim",
    "ClaimFile",
    "Corpus",
    "Entity",
    "Group",
    "Manifest",
    "Piece",
    "Qualifier",
    "Source",
]

Slug = Annotated[str, Field(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", max_length=80)]

# Bounds (docs/reliability.md): what a corpus may hold, so that no value can make a command slow
# or wrong. A count above MAX_COUNT is a typo or an attack (more than the population of the world
# is not needed; a billion is plenty); text fields have a maximum length each.
MAX_COUNT = 1_000_000_000
MAX_QUOTE = 4000
MAX_TEXT_EN = 8000
MAX_NAME = 500
MAX_NOTE = 4000
MAX_URL = 2000
# The twins a record lists (its `twins`): a statement shared by thousands of claims would otherwise
# make every record, the index and `show` grow with the square of the group.
MAX_TWINS = 20


def _not_blank(text: str) -> str:
    if not text.strip():
        raise ValueError("must not be blank (white space only)")
    return text


# Every character at which Python's str.splitlines breaks a line.
_LINE_BREAK = re.compile("[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]")


def _one_line(text: str) -> str:
    # A name or a title is printed on one line, offered by shell completion one per line, put in a
    # CSV cell: a line break in it would forge another line.
    if _LINE_BREAK.search(text):
        raise ValueError("must be one line (no line break)")
    return text


def _iso_date(value: object) -> object:
    # Strict: a 'YYYY-MM-DD' string (or a date, from Python), never a number or a date-time.
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, str) and len(value) == 10 and value[4] == value[7] == "-":
        return value
    raise ValueError("a date is a 'YYYY-MM-DD' string")


NonEmpty = Annotated[
    str, Field(min_length=1, max_length=MAX_NAME), AfterValidator(_not_blank), AfterValidator(_one_line)
]
Name = Annotated[str, Field(max_length=MAX_NAME), AfterValidator(_one_line)]
Note = Annotated[str, Field(max_length=MAX_NOTE)]
Count = Annotated[int, Strict(), Field(ge=0, le=MAX_COUNT)]
Date = Annotated[dt.date, BeforeValidator(_iso_date)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Period(_Strict):
    start: Date
    end: Date


class Manifest(_Strict):
    """`corpus.json`: what the corpus is and which dates it covers."""

    name: NonEmpty
    version: NonEmpty
    description: Note = ""
    period: Period


class Piece(_Strict):
    """A piece of a page that joins several: where it starts and the day the text shows it was
    written ('hôm nay 10/1' dates the piece it stands in), or null with a note."""

    starts: NonEmpty  # the piece's first words, verbatim: it runs to the next piece or the end
    written: Date | None
    written_note: Note

    @model_validator(mode="after")
    def _explained(self) -> Piece:
        _not_blank(self.written_note)
        return self


class Source(_Strict):
    """One archived article. `file` is relative to the corpus folder.

    `published` is the day the text shows it was written (a dateline); where a page joins pieces
    written on different days, `pieces` gives each later piece's day. Either is an upper bound
    ("reported by") for every undated claim of its text (`kzcrisis.corpus.written`).
    """

    slug: Slug
    file: NonEmpty
    sha256: Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]
    outlet: Name | None
    outlet_note: Note | None = None
    title: Annotated[str, Field(max_length=MAX_NOTE), AfterValidator(_one_line)] | None
    title_note: Note | None = None
    language: Literal["vi", "en"] = "vi"
    published: Date | None
    published_note: Note | None = None
    author: Name | None = None
    url: Annotated[str, Field(max_length=MAX_URL), AfterValidator(check_web_address)] | None = None
    url_note: Note | None = None
    notes: Note = ""
    pieces: list[Piece] = []

    @model_validator(mode="after")
    def _explain_nulls(self) -> Source:
        # Every missing note in one message: a curator fixes them in one pass, not one per run.
        missing = [
            message
            for value, note, message in (
                (self.outlet, self.outlet_note, "outlet is null: outlet_note must say what the text shows"),
                (self.title, self.title_note, "title is null: title_note must say why"),
                (self.published, self.published_note, "published is null: published_note must say why"),
            )
            if value is None and not note
        ]
        if missing:
            raise ValueError("; ".join(missing))
        return self


class Entity(_Strict):
    """A country, organisation or person, with every name the articles use."""

    id: Slug
    type: EntityType
    name: NonEmpty
    names_vi: list[NonEmpty] = []
    aliases: list[NonEmpty] = []
    # Names this entity shares with another on purpose ('presidential office'): never resolved to
    # one of them; every entity that bears such a name lists it here.
    ambiguous_names: list[NonEmpty] = []
    iso: Annotated[str, Field(pattern=r"^[A-Z]{2}$")] | None = None
    speaks_for: Slug | None = None
    role: Name | None = None

    @model_validator(mode="after")
    def _iso_for_countries(self) -> Entity:
        if (self.type is EntityType.COUNTRY) != (self.iso is not None):
            raise ValueError("a country needs an ISO 3166-1 alpha-2 code, and only a country")
        return self


class Figure(_Strict):
    """A number the article gives, with its qualifier; `count` is null only for `dozens`."""

    metric: Metric
    group: Group
    count: Count | None
    qualifier: Qualifier
    # The text's own word for whom it counts, where the group is not that word read literally
    # (an authorities' total of 'đối tượng tham gia bạo loạn' is group all): verbatim in the quote.
    label: Annotated[str, Field(min_length=1, max_length=MAX_NAME)] | None = None
    components: list[Count] = []
    as_of: Date | None
    as_of_note: Note | None = None
    note: Note | None = None

    @model_validator(mode="after")
    def _count_matches_qualifier(self) -> Figure:
        if (self.count is None) != (self.qualifier is Qualifier.DOZENS):
            raise ValueError("count must be null exactly when the qualifier is 'dozens'")
        if self.components and sum(self.components) != self.count:
            raise ValueError(f"components {self.components} do not add up to count {self.count}")
        if self.as_of is None and not self.as_of_note:
            raise ValueError("as_of is null: as_of_note must say why")
        return self


class _ClaimBase(_Strict):
    # Field order is the order of the JSON record (vocab.COMMON_FIELDS): the index writes
    # model_dump_json() as is. Each kind narrows `kind` to its Literal; the place stays.
    id: Slug
    kind: str
    source: Slug
    date: Date | None
    date_note: Note | None = None
    reported_by: Slug | None = None
    actors: list[Slug] = []
    mentions: list[Slug] = []
    quote: Annotated[str, Field(min_length=1, max_length=MAX_QUOTE), AfterValidator(_not_blank)]
    text_en: Annotated[str, Field(min_length=1, max_length=MAX_TEXT_EN), AfterValidator(_not_blank)]
    note: Note | None = None
    section: Literal["body", "caption"] = "body"
    # Whom the speaker speaks for in this statement, when not their fixed `speaks_for`
    # (Pashinyan as chair of the CSTO Council speaks for the CSTO, not for Armenia).
    on_behalf_of: Slug | None = None
    # Shared by the claims of different articles that report the same statement or figure.
    statement: Slug | None = None

    @model_validator(mode="after")
    def _date_explained(self) -> _ClaimBase:
        if self.date is None and not self.date_note:
            raise ValueError("date is null: date_note must say why the text gives no date")
        return self

    def entity_refs(self) -> list[tuple[str, str]]:
        """Every (field, entity id) this claim points at (see `kzcrisis.corpus.parties.ROLES`)."""
        return entity_refs(self.__dict__)


class _FigureClaim(_ClaimBase):
    figures: list[Figure] = []

    @model_validator(mode="after")
    def _metrics_fit_kind(self) -> _FigureClaim:
        kind = str(self.__dict__["kind"])  # set by each subclass's Literal field
        wrong = sorted({f.metric.value for f in self.figures} - KIND_METRICS[kind])
        if wrong:
            raise ValueError(f"metric(s) {wrong} do not belong to {with_article(kind)} claim")
        return self


class CasualtyClaim(_FigureClaim):
    """Killed or injured: who was counted, how many, according to whom."""

    kind: Literal["casualty"]
    figures: Annotated[list[Figure], Field(min_length=1)]


class ArrestClaim(_FigureClaim):
    """Detention figures."""

    kind: Literal["arrest"]
    figures: Annotated[list[Figure], Field(min_length=1)]


class DeploymentClaim(_FigureClaim):
    """The CSTO deployment: who sends what, why, under which article, led by whom."""

    kind: Literal["deployment"]
    contributors: list[Slug] = []
    mission: Note | None = None
    legal_basis: Note | None = None
    command: Slug | None = None


class ReactionClaim(_ClaimBase):
    """What a country or organisation said or did about the unrest."""

    kind: Literal["reaction"]
    actors: Annotated[list[Slug], Field(min_length=1)]
    speaker: Slug | None = None
    stances: Annotated[list[Stance], Field(min_length=1)]


class EventClaim(_ClaimBase):
    """A step in the course of events, for the timeline."""

    kind: Literal["event"]
    place: Name | None = None


Claim = Annotated[
    CasualtyClaim | ArrestClaim | DeploymentClaim | ReactionClaim | EventClaim,
    Field(discriminator="kind"),
]


class ClaimFile(_Strict):
    """One file under `claims/`: the claims of one source."""

    source: Slug
    claims: list[Claim]


class _RecordExtras(BaseModel):
    """What the query index adds after a claim's own fields (see vocab.EXTRA_FIELDS).

    A mixin listed first among the bases: pydantic then puts its fields last, as in the record.
    """

    outlet: str | None = Field(
        description="The outlet of the claim's source; null where the text does not name it."
    )
    known_by: dt.date | None = Field(
        description="The day the claim's text (its article, or its piece of a page) was written: the "
        "claim was reported by then, an upper bound of its date when `date` is null; null where the "
        "text shows no day."
    )
    names: dict[str, str] = Field(description="English name of every entity id the record refers to.")
    twins: list[str] = Field(
        description="Ids of the other claims with the same `statement` (other articles' reports of it), "
        f"in corpus order: the first {MAX_TWINS} of them, whatever the size of the group."
    )


# Output records allow extra keys: the JSON contract lets new keys appear, never renamed or retyped.
_RECORD_CONFIG = ConfigDict(extra="allow", frozen=True)


class CasualtyRecord(_RecordExtras, CasualtyClaim):
    model_config = _RECORD_CONFIG


class ArrestRecord(_RecordExtras, ArrestClaim):
    model_config = _RECORD_CONFIG


class DeploymentRecord(_RecordExtras, DeploymentClaim):
    model_config = _RECORD_CONFIG


class ReactionRecord(_RecordExtras, ReactionClaim):
    model_config = _RECORD_CONFIG


class EventRecord(_RecordExtras, EventClaim):
    model_config = _RECORD_CONFIG


ClaimRecord = Annotated[
    CasualtyRecord | ArrestRecord | DeploymentRecord | ReactionRecord | EventRecord,
    Field(discriminator="kind"),
]


ClaimModel = Any  # one of the claim classes of the `Claim` union


@dataclass(frozen=True)
class Corpus:
    """A validated corpus: what `load_corpus` returns."""

    root: Path
    manifest: Manifest
    sources: dict[str, Source]
    texts: dict[str, str]
    entities: dict[str, Entity]
    claims: list[ClaimModel]
    claim_files: dict[str, str]
    # The articles as stored (not folded), as they were read and checked: for the commands that
    # need line breaks (coverage, draft, a hint's line number), so that nothing reads a file twice.
    articles: dict[str, str] = field(default_factory=dict)

    def claim(self, claim_id: str) -> ClaimModel:
        return next(c for c in self.claims if c.id == claim_id)
