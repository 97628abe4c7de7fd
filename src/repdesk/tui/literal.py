"""User text in the app: always shown literally, never read as markup."""

from __future__ import annotations

from rich.text import Text
from textual.markup import escape

from repdesk.present import safe_text


def lit(value: object, style: str = "") -> Text:
    """User text (a company, a note, an error naming them) as a text widgets show exactly as typed,
    with control characters as visible escapes."""
    return Text(safe_text("" if value is None else value), style=style)


def line(*parts: str | tuple[object, str]) -> str:
    """A line of literal pieces as Textual markup; a ``(text, style)`` pair is styled (``("Acme", "bold")``).

    Every piece is escaped, so user text in it is never read as markup.
    """
    out = []
    for part in parts:
        if isinstance(part, tuple):
            text, style = part
            out.append(f"[{style}]{escape(safe_text(text))}[/]" if style else escape(safe_text(text)))
        else:
            out.append(escape(safe_text(part)))
    return "".join(out)
