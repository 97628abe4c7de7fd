"""The app's forms, one per file."""
