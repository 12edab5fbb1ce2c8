"""`kzcrisis show`: one claim whole, its quote highlighted inside its paragraph of the article."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from rich.console import Group as RichGroup
from rich.console import RenderableType
from rich.text import Text

from kzcrisis.render.formats import format_figure, format_when
from kzcrisis.render.sanitize import clean
from kzcrisis.render.tables import render_key_values

# Marks around the quote, so it stands out where no style is drawn (NO_COLOR, not a TTY).
OPEN, CLOSE = "»", "«"

# At most this many characters of the paragraph are shown on each side of the quote, so that
# `show` costs the same for a one-line article of 15 MB as for a real one; a note says what was cut.
CONTEXT_CHARS = 1500


def _around(text: str, start: int, end: int) -> tuple[str, str, str, str]:
    """(before, quote, after, note): the quote with at most CONTEXT_CHARS of its paragraph each side."""
    begin, finish = max(0, start - CONTEXT_CHARS), min(len(text), end + CONTEXT_CHARS)
    before = ("…" if begin else "") + text[begin:start]
    after = text[end:finish] + ("…" if finish < len(text) else "")
    cut = begin + len(text) - finish
    note = f"\n(paragraph cut: {cut:,} of its {len(text):,} characters not shown)" if cut else ""
    return before, text[start:end], after, note


def _figure_line(f: dict[str, Any], known_by: str | None) -> str:
    """'5,000 detained (all), as of unknown (reported by 2022-01-10)', the text's word, the note."""
    line = f"{format_figure(f)}, as of {f['as_of'] or 'unknown'}"
    if not f["as_of"] and known_by:
        line += f" (reported by {known_by})"
    if f.get("label"):
        line += f", called '{f['label']}' in the text"
    return line + (f" — {f['note']}" if f.get("note") else "")


def render_claim(
    record: dict[str, Any],
    source: dict[str, Any],
    paragraph: dict[str, Any] | None,
    twins: Sequence[dict[str, Any]] = (),
    reports: int = 0,
) -> RenderableType:
    """The claim as key-value pairs, its quote marked inside its paragraph (`paragraph_of`); then,
    if other articles report the same statement, every article's words side by side."""
    name = _namer(record)
    pairs: list[tuple[str, RenderableType]] = [
        ("Kind", record["kind"]),
        ("Date", _date_line(record["date"], record.get("date_note"), record.get("known_by"))),
        ("Reported by", name(record.get("reported_by")) or "the article, in its own voice"),
        ("Actors", ", ".join(name(a) for a in record.get("actors") or [])),
        *_by_kind(record, name),
        ("English", record["text_en"]),
        ("Quote", _quoted(record, paragraph)),
        ("Source", _source(record, source)),
        ("Note", record.get("note") or ""),
    ]
    if record.get("section") == "caption":
        pairs.append(("Section", "a photo caption (it adds a fact the article's body lacks)"))
    panel = render_key_values(f"{record['id']}", [(k, v) for k, v in pairs if v != ""])
    if not twins:
        return RichGroup(panel)
    return RichGroup(panel, render_twins(record, twins, reports))


def _namer(record: dict[str, Any]) -> Callable[[str | None], str]:
    names = record["names"]

    def name(ref: str | None) -> str:
        return f"{names.get(ref, ref)} ({ref})" if ref else ""

    return name


def _by_kind(record: dict[str, Any], name: Callable[[str | None], str]) -> list[tuple[str, RenderableType]]:
    """The rows only some kinds have: a reaction's speaker, figures, a deployment's terms, mentions."""
    pairs: list[tuple[str, RenderableType]] = []
    if record["kind"] == "reaction":
        pairs += [("Speaker", name(record.get("speaker"))), ("Stances", ", ".join(record["stances"]))]
    if record.get("figures"):
        lines = [_figure_line(f, record.get("known_by")) for f in record["figures"]]
        pairs.append(("Figures", "\n".join(lines)))
    if record["kind"] == "deployment":
        pairs += [
            ("Contributors", ", ".join(name(c) for c in record.get("contributors") or [])),
            ("Mission", record.get("mission") or ""),
            ("Legal basis", record.get("legal_basis") or ""),
            ("Command", name(record.get("command"))),
        ]
    if record.get("mentions"):
        pairs.append(("Mentions", ", ".join(name(m) for m in record["mentions"])))
    return pairs


def _quoted(record: dict[str, Any], paragraph: dict[str, Any] | None) -> Text:
    if not paragraph:
        return Text(clean(record["quote"]))
    before, inside, after, cut = _around(paragraph["text"], paragraph["start"], paragraph["end"])
    quoted = Text(clean(before))
    quoted.append(OPEN + clean(inside) + CLOSE, style="bold reverse")
    quoted.append(clean(after) + cut)
    return quoted


def _source(record: dict[str, Any], source: dict[str, Any]) -> str:
    outlet = source.get("outlet") or f"outlet not named ({source.get('outlet_note')})"
    return (
        f"{record['source']}: {outlet}\n{source.get('title') or '(no headline)'}\n"
        f"published {source.get('published') or 'unknown'}; "
        f"{source['file']} sha256:{source['sha256'][:16]}…"
    )


def render_twins(record: dict[str, Any], twins: Sequence[dict[str, Any]], reports: int = 0) -> RenderableType:
    """The same statement as each article words it: this claim first, then its twins (a record
    lists the first few of a large group; the title says how many there are in all)."""
    from rich.table import Table

    total = max(reports, len(twins) + 1)
    shown = "" if total == len(twins) + 1 else f", {len(twins) + 1:,} shown"
    table = Table(
        title=Text(clean(f"The same statement in {total:,} reports ({record.get('statement')}){shown}")),
        title_justify="left",
        show_lines=True,
        expand=True,
    )
    table.add_column("Article · claim · date", no_wrap=True)
    table.add_column("Words in the article", ratio=3, overflow="fold")
    table.add_column("English", ratio=2, overflow="fold")
    for claim in (record, *twins):
        outlet = claim.get("outlet") or "(outlet not named)"
        where = f"{outlet}\n{claim['id']}\n{format_when(claim.get('date'), claim.get('known_by'))}"
        # Corpus text through the one sanitiser, as every other table does.
        table.add_row(Text(clean(where)), Text(clean(claim["quote"])), Text(clean(claim["text_en"])))
    return table


def _date_line(date: str | None, note: str | None, known_by: str | None = None) -> str:
    """The date (or an undated claim's bound) and how it was read; an undated claim's note says
    "undated" itself (never "undated — undated: ...")."""
    when = format_when(date, known_by)
    if not note:
        return when
    if date is None and not known_by and note.casefold().startswith("undated"):
        return note
    return f"{when} — {note}"
