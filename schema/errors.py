"""Errors a client caused and may read; anything else is a bug and is masked at the edge.

Exception tree (one class, on purpose):

    InputError      bad input: an over-large page, a malformed cursor or ID; the message says
                    what was wrong and what is accepted
"""

from __future__ import annotations


class InputError(Exception):
    """A request argument the API cannot use; its message is shown to the client verbatim."""
