"""The command line: ``repdesk`` and its commands."""
