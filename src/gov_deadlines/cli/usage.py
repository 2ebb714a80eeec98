"""The CLI's own error, in a module that imports nothing: the modules that add a subcommand's
options (``serve``, ``report``, ``rules extract``) import it at load time, and loading them must
not load the calendar (``gov-deadlines --help`` builds every subcommand's parser)."""

from __future__ import annotations

__all__ = ["UsageError"]


class UsageError(Exception):
    """A wrong argument or option: reported on stderr, exit status 2."""
