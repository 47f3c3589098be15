"""Read the Community Notes public data files: notes, noteStatusHistory and ratings (TSV).

X publishes these files on the Community Notes "Download data" page
(https://x.com/i/communitynotes/download-data); the open-source scorer
(twitter/communitynotes, ``scoring/src/scoring/constants.py``) names their columns. This
package only reads: it opens a file, works out which of the three kinds it is from its header,
and streams its rows as typed records. It never touches the database and never prints
(``services.community_notes`` applies the rows; the CLI reports them). ``userEnrollment`` and
the other files of a download are not read: they say nothing about claims.

Its modules, each used through this one: ``columns`` (the kinds of file, their columns and
header recognition), ``reader`` (:func:`open_file` and :class:`DataFile`, the lines of a
file), ``fields`` (reading and checking one field), ``records`` (the rows as read) and
``urls`` (the URLs of posts and notes, the time in an X id, the links in a note).

What the reader absorbs, because the real files do all of it:

* **Layouts.** Columns are found by header name through :data:`COLUMNS`, an alias table: the
  notes file went from 22 to 24 columns, noteStatusHistory from 9 to 24, and the public
  documentation and the scorer spell some columns differently (``participantId`` /
  ``noteAuthorParticipantId``, ``latestNonNMRStatus`` / ``mostRecentNonNMRStatus``). Extra
  columns are ignored, missing optional ones are treated as empty; a file without a required
  column is refused before any row is read, with the missing names in the message.
* **No quoting.** Fields are separated by tabs and never quoted, so ``"`` is an ordinary
  character inside ``summary``. Lines are split on ``\\t`` by hand (no ``csv`` module), on
  ``\\n`` only, one line at a time, so memory stays flat whatever the file size.
* **Ids** are 19-digit numbers: they stay digit strings (leading zeros dropped) and never pass
  through ``float``; anything else in an id column rejects the row.
* **Timestamps** of ``0`` or ``-1`` (or empty) mean "none"; ``1.6e12``-style values written by
  pandas are read exactly (through ``Decimal``).
* **Text** has its HTML entities decoded (``&quot;`` -> ``"``); the ``?`` that early releases put
  in place of every non-ASCII character is kept as is (what was lost cannot be recovered).
* **Statuses** may be empty (no status given). Community Notes adds statuses over time, so an
  unknown one that is shaped like a status (``UPPER_CASE``) is kept; anything else rejects the row.

A row that cannot be read (wrong number of columns, an id that is not a number, an unknown
classification or helpfulness level, invalid UTF-8, …) is yielded as a :class:`BadRow`
naming the file and line, so the caller chooses between stopping and skipping.
"""

from claimtracker.importers.community_notes.columns import (
    COLUMNS,
    REASONS,
    Column,
    FileKind,
    detect_kind,
    map_columns,
)
from claimtracker.importers.community_notes.fields import MAX_ID_LENGTH
from claimtracker.importers.community_notes.reader import DataFile, open_file
from claimtracker.importers.community_notes.records import (
    BadRow,
    Helpfulness,
    NoteRow,
    RatingRow,
    StatusRow,
)
from claimtracker.importers.community_notes.urls import (
    find_urls,
    is_post_url,
    note_url,
    post_url,
    snowflake_time,
)

__all__ = [
    "COLUMNS",
    "MAX_ID_LENGTH",
    "REASONS",
    "BadRow",
    "Column",
    "DataFile",
    "FileKind",
    "Helpfulness",
    "NoteRow",
    "RatingRow",
    "StatusRow",
    "detect_kind",
    "find_urls",
    "is_post_url",
    "map_columns",
    "note_url",
    "open_file",
    "post_url",
    "snowflake_time",
]
