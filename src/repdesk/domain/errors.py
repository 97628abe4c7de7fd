"""Errors the commands report to the rep as one line."""


class InputError(Exception):
    """Bad input from the rep or a file that is not ours: exit code 2, nothing written."""


class ProgramError(Exception):
    """A failure of the program or its environment: exit code 1."""
