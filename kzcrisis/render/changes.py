"""What a corpus release changed, as text for people (Markdown, so that corpus/CHANGES.md is the same)."""

from __future__ import annotations

from typing import Any

from kzcrisis.corpus.releases import Changes


def changes_markdown(changes: Changes, heading: str) -> str:
    """One release's changes: claims added, changed (by field), retired (with why and successor)."""
    lines = [f"## {heading}", ""]
    lines.append(f"Added ({len(changes.added)}): {', '.join(changes.added) or 'none'}.")
    lines += ["", f"Changed ({len(changes.changed)}):" + ("" if changes.changed else " none.")]
    lines += [f"- {claim}: {', '.join(fields)}" for claim, fields in changes.changed.items()]
    lines += ["", f"Retired ({len(changes.retired)}):" + ("" if changes.retired else " none.")]
    for record in changes.retired:
        successor = f" Now in {record.replaced_by}." if record.replaced_by else " No successor."
        lines.append(f"- {record.id} ({record.date}): {record.why}{successor}")
    if changes.dropped:
        lines += ["", f"Gone without a record ({len(changes.dropped)}): {', '.join(changes.dropped)}."]
    return "\n".join(lines) + "\n"


def changes_json(changes: Changes) -> dict[str, Any]:
    return {
        "since": changes.since,
        "added": changes.added,
        "changed": changes.changed,
        "retired": [record._asdict() for record in changes.retired],
        "dropped": changes.dropped,
    }


def changelog_markdown(history: list[tuple[str, Changes]]) -> str:
    """corpus/CHANGES.md: every recorded release, newest first."""
    intro = (
        "# Changes of the corpus, release by release\n\n"
        "Generated from `releases/` and `retired.json` (`kzcrisis changes --changelog`): a claim id a\n"
        "release published stays answerable; a retired one says when, why, and where its words are now.\n"
    )
    parts = [changes_markdown(changes, f"{version} (since {changes.since})") for version, changes in history]
    return intro + "".join(f"\n{part}" for part in reversed(parts))
