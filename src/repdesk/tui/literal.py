"""User text in the app: always shown literally, never read as markup (DESIGN §9)."""

from __future__ import annotations

from rich.text import Text

from repdesk.present import safe_text


def lit(value: object, style: str = "") -> Text:
    """User text (a company, a note, an error naming them) as a text widgets show exactly as typed,
    with control characters as visible escapes."""
    return Text(safe_text("" if value is None else value), style=style)


def line(*parts: str | tuple[object, str] | Text) -> Text:
    """A line of literal pieces; a ``(text, style)`` pair is styled (``("Acme", "bold")``)."""
    out = Text()
    for part in parts:
        if isinstance(part, Text):
            out.append_text(part)
        elif isinstance(part, tuple):
            out.append_text(lit(part[0], part[1]))
        else:
            out.append_text(lit(part))
    return out
