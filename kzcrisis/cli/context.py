"""click's context settings, shared by the group and every command (light: imported on every call)."""

from __future__ import annotations

from kzcrisis.render.terminal import terminal_width

CONTEXT = {
    "help_option_names": ["-h", "--help"],
    "max_content_width": 100,
    "terminal_width": terminal_width(),
}
