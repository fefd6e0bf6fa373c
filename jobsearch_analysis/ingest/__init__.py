"""Ingest: the only layer that touches input files. Formats (``formats/``: one module a layout, registered in
``formats.READERS``) turn a file into raw tables; the reading pipeline turns a raw table into the canonical
table, validated with pandera, with every row accounted for (``load``, ``load_clients``, ``load_cohort``)."""
