"""Table renderers (rich): pure, records in, a renderable out. Imported only for table output."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, Literal, NamedTuple

from kzcrisis.render.formats import Record, _flat, format_figure, format_value, format_when
from kzcrisis.render.sanitize import clean

if TYPE_CHECKING:  # rich itself is imported only where a rich renderable is made: a table to a
    from rich.console import RenderableType  # pipe is laid out by `render_plain`, without it


# --- cells -------------------------------------------------------------------------------


def _name(rec: Record, ref: str | None) -> str:
    return rec["names"].get(ref, ref) if ref else ""


def _names(rec: Record, refs: Sequence[str]) -> str:
    return ", ".join(_name(rec, r) for r in refs)


def _date(rec: Record) -> str:
    return format_when(rec.get("date"), rec.get("known_by"))


def _reporter(rec: Record) -> str:
    return _name(rec, rec.get("reported_by")) or "(unattributed)"


def cell(value: Any) -> str:
    """A generic cell for `--fields` tables."""
    if isinstance(value, list) and value and isinstance(value[0], dict) and "metric" in value[0]:
        return "\n".join(format_figure(f) for f in value)
    return _flat(value)


class Column(NamedTuple):
    header: str
    get: Callable[[Record], str]
    no_wrap: bool = False
    min_width: int | None = None
    max_width: int | None = None
    justify: Literal["left", "right"] = "left"


def according_to(rec: Record) -> str:
    """Whose claim it is: the id, its outlet, and "= id" for each claim of another article that
    reports the same statement (its twins), so that two equal rows read as one statement."""
    twins = "".join(f"\n= {twin}" for twin in rec.get("twins") or [])
    outlet = rec.get("outlet") or "outlet not named"
    if len(outlet) > OUTLET_WIDTH:  # the column does not wrap (an id is never cut): a long name is
        outlet = outlet[: OUTLET_WIDTH - 1] + "…"  # shortened, whole in every other format
    return f"{rec['id']}\n{outlet}{twins}"


OUTLET_WIDTH = 20


# Narrow terminals first: the date, the id and the outlet share a column, and so do the actor and
# the speaker, so that the statement keeps most of an 80-column screen.
_DATE_ID = Column("Date · ID", lambda r: f"{_date(r)}\n{according_to(r)}", no_wrap=True)
_TEXT = Column("Statement", lambda r: str(r["text_en"]))


def _who(rec: Record) -> str:
    actors = _names(rec, rec.get("actors") or [])
    speaker = _name(rec, rec.get("speaker")) or _name(rec, rec.get("reported_by"))
    return actors if not speaker or speaker == actors else f"{actors}\n— {speaker}"


def _deployment_text(rec: Record) -> str:
    details = [
        ("mission", rec.get("mission")),
        ("legal basis", rec.get("legal_basis")),
        ("command", _name(rec, rec.get("command"))),
    ]
    return "\n".join([str(rec["text_en"]), *(f"{label}: {value}" for label, value in details if value)])


def _with_stances(rec: Record) -> str:
    return f"{rec['text_en']}\n[{', '.join(rec.get('stances') or [])}]"


VIEWS: dict[str, list[Column]] = {
    "reactions": [
        _DATE_ID,
        Column("Who", _who, max_width=24),
        Column("Statement [stances]", _with_stances),
    ],
    "figures": [
        Column(
            "As of · ID", lambda r: f"{r['figure']['as_of'] or 'undated'}\n{according_to(r)}", no_wrap=True
        ),
        Column(
            "Value",
            lambda r: format_value(r["figure"]["count"], r["figure"]["qualifier"]),
            no_wrap=True,
            justify="right",
        ),
        Column(
            "What",
            lambda r: f"{r['figure']['metric']}\n{r['figure']['group'].replace('_', ' ')}",
            no_wrap=True,
        ),
        Column("Reported by", _reporter, max_width=22),
        _TEXT,
    ],
    "deployment": [
        _DATE_ID,
        Column("Contributors", lambda r: _names(r, r.get("contributors") or []), max_width=20),
        Column(
            "Figures", lambda r: "\n".join(format_figure(f) for f in r.get("figures") or []), max_width=24
        ),
        Column("Statement · mission · legal basis · command", _deployment_text),
    ],
    "claims": [_DATE_ID, Column("Kind", lambda r: str(r["kind"]), no_wrap=True), _TEXT],
    "search": [
        Column("Score", lambda r: f"{r['score']:g}", no_wrap=True, justify="right"),
        _DATE_ID,
        Column("Kind", lambda r: str(r["kind"]), no_wrap=True),
        _TEXT,
    ],
}
VIEWS["timeline"] = VIEWS["claims"]


def _figure_claim(r: Record) -> str:
    """The as-of date (or bound), the claim, and its statement when it has one."""
    line = f"{format_when(r['as_of'], r.get('known_by'))}\n{according_to({**r, 'id': r['claim']})}"
    return f"{line}\n= {r['statement']}" if r.get("statement") else line


# `kzcrisis figures`: rows that are figures already (kzcrisis.query.figures.FIGURE_FIELDS).
VIEWS["figure_rows"] = [
    Column("As of · claim", _figure_claim, no_wrap=True),
    Column("Value", lambda r: format_value(r["count"], r["qualifier"]), no_wrap=True, justify="right"),
    Column("What", lambda r: f"{r['metric']}\n{r['group'].replace('_', ' ')}", no_wrap=True),
    Column("Reported by", lambda r: r["reported_by_name"] or "(unattributed)", max_width=22),
    Column("Statement", lambda r: str(r["text_en"])),
]


def per_figure(records: Sequence[Record], metrics: Sequence[str]) -> list[Record]:
    """A claim's table row once per figure it gives (the figure as `figure`), for the listings' tables."""
    return [
        {**rec, "figure": fig}
        for rec in records
        for fig in rec.get("figures") or []
        if not metrics or fig["metric"] in metrics
    ]


# Below this many columns a table cannot show every column legibly: records are stacked instead,
# one "Header: value" line per column, so that nothing is cut or dropped.
NARROW_WIDTH = 60


def _one_line(value: str) -> str:
    """A cell's lines on one line: "a · b", but a speaker ("— X") or a twin ("= id") follows its
    line as it is (never "· —")."""
    return value.replace("\n— ", " — ").replace("\n= ", " = ").replace("\n", " · ")


def render_stacked(
    records: Sequence[Record], columns: Sequence[Column], title: str | None = None
) -> RenderableType:
    from rich.console import Group
    from rich.text import Text

    parts: list[RenderableType] = [Text(clean(title))] if title else []
    for rec in records:
        lines = [f"{col.header}: {_one_line(clean(col.get(rec)))}" for col in columns]
        parts.append(Text("\n".join(lines) + "\n", overflow="fold"))
    return Group(*parts)


def render_table(
    records: Sequence[Record], columns: Sequence[Column], title: str | None = None, *, narrow: bool = False
) -> RenderableType:
    """A rich table of the records, or the stacked form when `narrow` (see NARROW_WIDTH)."""
    if narrow:
        return render_stacked(records, columns, title)
    from rich import box
    from rich.table import Table
    from rich.text import Text

    shown_title = Text(clean(title)) if title else None
    table = Table(title=shown_title, box=box.SIMPLE_HEAD, show_lines=True, title_justify="left")
    fill_table(table, records, columns)
    return table


def fill_table(table: Any, records: Sequence[Record], columns: Sequence[Column]) -> None:
    """A rich table's columns and rows from `columns` (as `render_plain` lays them out plain)."""
    from rich.text import Text

    for col in columns:
        table.add_column(
            Text(col.header),
            no_wrap=col.no_wrap,
            min_width=col.min_width,
            max_width=col.max_width,
            justify=col.justify,
            overflow="fold",
        )
    for rec in records:
        # Text, not str: corpus text is data, and rich would read "[...]" in it as markup.
        table.add_row(*(Text(clean(col.get(rec))) for col in columns))


def field_columns(fields: Sequence[str]) -> list[Column]:
    def getter(name: str) -> Callable[[Record], str]:
        return lambda rec: cell(rec.get(name))

    return [Column(f, getter(f)) for f in fields]


def render_key_values(title: str, pairs: Sequence[tuple[str, RenderableType]]) -> RenderableType:
    """A two-column grid, for `show`."""
    from rich.panel import Panel
    from rich.table import Table
    from rich.text import Text

    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column(overflow="fold")
    for key, value in pairs:
        grid.add_row(Text(key), Text(clean(value)) if isinstance(value, str) else value)
    # The title as Text: a str title would be read as rich markup.
    return Panel(grid, title=Text(clean(title)), title_align="left")


# rich measures and wraps every cell (about 0.6 ms a row), which is right for what a person reads
# and too slow for thousands of rows: beyond this many rows the same columns are laid out by
# `render_plain`, in the same style, so a large answer still comes in well under a second.
RICH_MAX_ROWS = 200


def _wrap(line: str, width: int) -> list[str]:
    """Greedy word wrap; a word longer than the width is folded. Linear in the length of the line."""
    width = max(width, 1)  # folding at 0 would never end
    out: list[str] = []
    current: list[str] = []  # the words of the line being filled, and its length
    length = 0
    for whole in line.split(" "):
        start = 0
        while len(whole) - start > width:  # fold a long word in slices, never re-copying its tail
            if length:
                out.append(" ".join(current))
                current, length = [], 0
            out.append(whole[start : start + width])
            start += width
        word = whole[start:] if start else whole
        if not length:  # the line so far is empty: the word starts it
            current, length = [word], len(word)
        elif length + 1 + len(word) <= width:
            current.append(word)
            length += 1 + len(word)
        else:
            out.append(" ".join(current))
            current, length = [word], len(word)
    out.append(" ".join(current))
    return out


def _plain_widths(columns: Sequence[Column], cells: list[list[list[str]]], width: int) -> list[int]:
    """Natural widths (capped by max_width); if too wide, narrow the widest wrapping column first."""
    widths = [
        min(
            max([len(col.header)] + [len(line) for row in cells for line in row[i]]),
            col.max_width or width,
        )
        for i, col in enumerate(columns)
    ]
    available = width - 3 * len(columns) + 1
    flexible = [i for i, col in enumerate(columns) if not col.no_wrap]
    while sum(widths) > available and flexible:
        widest = max(flexible, key=lambda i: widths[i])
        if widths[widest] <= 8:
            break
        widths[widest] -= 1
    return widths


def render_plain(records: Iterable[Record], columns: Sequence[Column], width: int) -> str:
    """The table of `render_table`, laid out in plain text (for large answers; see RICH_MAX_ROWS)."""
    return "".join(iter_plain(records, columns, width))


def iter_plain(records: Iterable[Record], columns: Sequence[Column], width: int) -> Iterator[str]:
    """`render_plain` in pieces of PLAIN_BATCH rows. `records` is read once, to its cells (the widths
    need every row), so a generator of parsed records is never held whole: at a million claims a
    100,000-row table held 1 GB as records and one string; as cells and pieces, a third of it."""
    cells = [[clean(col.get(rec)).split("\n") for col in columns] for rec in records]
    widths = _plain_widths(columns, cells, width)

    def line(parts: Sequence[str]) -> str:
        padded = (
            p.rjust(w) if col.justify == "right" else p.ljust(w)
            for p, w, col in zip(parts, widths, columns, strict=True)
        )
        return ("  " + "   ".join(padded)).rstrip()

    out = [line([col.header for col in columns]), " " + "─" * (sum(widths) + 3 * len(widths) - 2)]
    for number, row in enumerate(cells, 1):
        wrapped = [
            [piece for text in cell for piece in _wrap(text, w)] for cell, w in zip(row, widths, strict=True)
        ]
        height = max(len(c) for c in wrapped)
        for k in range(height):
            out.append(line([c[k] if k < len(c) else "" for c in wrapped]))
        out.append("")
        if number % PLAIN_BATCH == 0:
            yield "\n".join(out) + "\n"
            out = []
    if out:
        yield "\n".join(out) + "\n"


PLAIN_BATCH = 1000


SOURCE_COLUMNS = [
    Column("Slug", lambda r: str(r["slug"]), no_wrap=True),
    Column("Outlet", lambda r: r["outlet"] or "(not named)"),
    Column("Published", lambda r: r["published"] or "(no date)", no_wrap=True),
    Column("Title", lambda r: r["title"] or "(no headline)"),
    Column("Claims", lambda r: "\n".join(f"{k}: {n}" for k, n in sorted(r["claims"].items()))),
]


def sources_table(records: list[Record], *, narrow: bool) -> RenderableType:
    return render_table(records, SOURCE_COLUMNS, narrow=narrow)


def shared_statements_table(records: list[Record], *, narrow: bool) -> RenderableType:
    """Each pair of articles that report the same statements, with how many (from `shared_statements`)."""
    outlet = {str(r["slug"]): r["outlet"] or "(outlet not named)" for r in records}
    order = {slug: seq for seq, slug in enumerate(outlet)}
    pairs = [
        {"a": str(r["slug"]), "b": other, "n": n}
        for r in records
        for other, n in (r.get("shared_statements") or {}).items()
        if order.get(str(r["slug"]), 0) < order.get(other, 0)
    ]
    title = "Statements reported by both articles (see: kzcrisis claims --min-outlets 2)"
    if not pairs:
        from rich.text import Text  # rich only where a rich renderable is made

        return Text("No two articles report the same statement.")
    columns = [
        Column("Article", lambda p: f"{p['a']}\n{outlet.get(p['a'], '')}", no_wrap=True),
        Column("and article", lambda p: f"{p['b']}\n{outlet.get(p['b'], '')}", no_wrap=True),
        Column("Statements shared", lambda p: str(p["n"]), justify="right"),
    ]
    return render_table(pairs, columns, title, narrow=narrow)


# Ids never wrap (a cut id cannot be typed back); the names share a column, English first.
ENTITY_COLUMNS = [
    Column("ID · type", lambda r: f"{r['id']}\n{r['type']}", no_wrap=True),
    Column("Name · Vietnamese", lambda r: "\n".join([str(r["name"]), ", ".join(r["names_vi"])])),
    Column("Aliases / ISO", lambda r: ", ".join([*r["aliases"], *([r["iso"]] if r["iso"] else [])])),
    Column("Speaks for", lambda r: r["speaks_for"] or "", no_wrap=True),
]


def entities_table(records: list[Record], *, narrow: bool) -> RenderableType:
    return render_table(records, ENTITY_COLUMNS, narrow=narrow)


# Views with a table of their own (the listings' views are VIEWS): records in, a renderable out.
WHOLE_TABLES: dict[str, Callable[..., RenderableType]] = {}


def sources_tables(records: list[Record], *, narrow: bool) -> RenderableType:
    """`kzcrisis sources`: the articles, then the statements each pair of them shares."""
    from rich.console import Group

    return Group(sources_table(records, narrow=narrow), shared_statements_table(records, narrow=narrow))


WHOLE_TABLES["sources"] = sources_tables
VIEWS["entities"] = ENTITY_COLUMNS  # a listing: plain to a pipe and beyond RICH_MAX_ROWS rows


def _coverage_why(row: Record) -> str:
    if row["claims"]:
        return "\n".join(row["claims"])
    if row["reason"]:
        return f"{row['reason']}: {row['note']}"
    return ", ".join(row["signals"])


# `kzcrisis coverage`: a sentence a row (SentenceReport.as_json()).
COVERAGE_COLUMNS = [
    Column("N", lambda r: str(r["n"]), no_wrap=True, justify="right"),
    Column("Status", lambda r: str(r["status"]), no_wrap=True),
    Column("Claims · reason · signals", _coverage_why, max_width=34),
    Column("Sentence", lambda r: str(r["text"])),
]
