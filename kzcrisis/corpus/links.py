"""Web addresses: the only values of a corpus that may become a link (http and https).

One rule for every face: the model refuses anything else in a URL field, and every export that
turns a value into a link (the site's `href`, the annotations' `via`) asks here again, so that a
corpus that skipped validation still cannot put `javascript:`, `data:` or `vbscript:` in a page.
"""

from __future__ import annotations

import re

EXPECTED = "a web address starting with http:// or https://"
# A scheme of http or https (any case), a host, then no white space or control character anywhere:
# browsers strip those before reading a scheme, so they are where `java\tscript:` hides.
_WEB_ADDRESS = re.compile(r"https?://[^\x00-\x20\x7f-\x9f\s/?#\\]+[^\x00-\x20\x7f-\x9f\s]*", re.IGNORECASE)


def is_web_address(value: object) -> bool:
    """Whether `value` may be a link: a string that is an http or https address and nothing else."""
    return isinstance(value, str) and _WEB_ADDRESS.fullmatch(value) is not None


def check_web_address(value: str) -> str:
    """The model's check of a URL field (pydantic `AfterValidator`): the value, or why not."""
    if not is_web_address(value):
        shown = value if len(value) <= 80 else value[:77] + "..."
        raise ValueError(f"{shown!r} is not {EXPECTED}")
    return value
