"""Transfer: a whole database out and in again, every table, ids kept, streamed both ways.

Not a domain service: it knows the schema's tables, not what a claim or a verdict means.

* :mod:`.dump` reads: one consistent snapshot, every table in dependency order, as dump lines
  (the JSON Lines format of ``formats.jsonl``) or as records;
* :mod:`.restore` writes those records into an empty database, checking each (:mod:`.specs`);
* :mod:`.copy` joins the two halves from one database into another, without a file;
* :mod:`.search_index` rebuilds the search documents, which are derived and never dumped.
"""
