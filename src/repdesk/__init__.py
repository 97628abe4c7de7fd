"""repdesk: a private, keyboard-first log of a B2B sales rep's selling, with honest numbers."""

__version__ = "0.1.0"
