"""Instructors' homework tooling (``python -m homework.tool``); not part of the package students install."""
