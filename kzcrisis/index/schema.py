"""The index's tables and format name: defined apart from the store and the builder, which both need them."""

from __future__ import annotations

try:  # hashlib would first load OpenSSL's _hashlib (~3 ms of start-up); blake2b is built in.
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - an interpreter without the builtin module
    from hashlib import blake2b

__all__ = ["FORMAT", "INDEXES", "PLACE_BITS", "RECORD_VERSION", "SCHEMA", "TOKENIZER", "blake2b"]

# A claim's seq is its file's block shifted by PLACE_BITS, plus its place in the file (see below).
PLACE_BITS = 20

# How FTS5 cuts the search columns into words: letters and digits, case folded, diacritics kept
# (the folded columns hold the text without them). `export sqlite`'s claims_fts uses it too.
TOKENIZER = "unicode61 remove_diacritics 0"
SCHEMA = f"""
CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE sources (slug TEXT PRIMARY KEY, seq INTEGER, record TEXT NOT NULL, text TEXT NOT NULL);
CREATE TABLE entities (id TEXT PRIMARY KEY, type TEXT NOT NULL, name TEXT NOT NULL, record TEXT NOT NULL);
CREATE TABLE aliases (key TEXT PRIMARY KEY, entity TEXT NOT NULL, name TEXT NOT NULL);
CREATE TABLE ambiguous (
    key TEXT NOT NULL, entity TEXT NOT NULL, name TEXT NOT NULL, PRIMARY KEY (key, entity)
) WITHOUT ROWID;
CREATE TABLE claims (
    seq INTEGER PRIMARY KEY, id TEXT NOT NULL, kind TEXT NOT NULL, source TEXT NOT NULL,
    source_seq INTEGER NOT NULL, date TEXT, bound TEXT, statement TEXT,
    search_quote TEXT NOT NULL, search_en TEXT NOT NULL, search_names TEXT NOT NULL,
    record TEXT NOT NULL, ord INTEGER NOT NULL
);
CREATE TABLE terms (term TEXT NOT NULL, seq INTEGER NOT NULL, PRIMARY KEY (term, seq)) WITHOUT ROWID;
CREATE TABLE figures (
    seq INTEGER NOT NULL, pos INTEGER NOT NULL, claim TEXT NOT NULL, metric TEXT NOT NULL,
    grp TEXT NOT NULL, count INTEGER, qualifier TEXT NOT NULL, as_of TEXT, statement TEXT, known_by TEXT,
    row TEXT NOT NULL,
    PRIMARY KEY (seq, pos)
) WITHOUT ROWID;
CREATE TABLE files (
    rel TEXT PRIMARY KEY, hash TEXT NOT NULL, block INTEGER NOT NULL, source TEXT,
    first INTEGER NOT NULL, count INTEGER NOT NULL
);
CREATE TABLE quote_keys (key BLOB PRIMARY KEY, seq INTEGER NOT NULL) WITHOUT ROWID;
CREATE VIRTUAL TABLE claim_words USING fts5(
    refs, en, quote, en_f, quote_f, content='', tokenize='{TOKENIZER}'
);
"""
# seq: a claim's key, stable while its file is unchanged: its file's block (`index.perfile`) and its
# place in the file (the low PLACE_BITS); ord: its place among the claims of its source, in corpus
# order (listings order by source_seq, then ord: an edit moves the claims of one source at most).
# files: each claims file's content hash, block, source, first ord and number of claims;
# quote_keys: each claim's `quote_key` (what must be unique across files). What an incremental
# rebuild reuses (`index.incremental`).
# bound: an undated claim's known_by (the day its text was written), null for a dated claim: the
# undated claims are listed by it, those with a bound first (timeline).
# claim_words is the word index of `search` (kzcrisis.query.search), filled by `build.finish` from
# the claims' search_* columns: `refs` the entities the claim refers to as tokens e<entities.rowid>
# (search matches the entities' names apart, then looks for their tokens), `en` and `quote` the
# English text and the quote (NFC, case folded, diacritics kept), `en_f` and `quote_f` the same
# folded (`match_key`: no diacritics, đ as d). Contentless: the text is in `claims` already.
# figures: one row per figure of a claim (seq), what `compare` and `figures` read instead of the
# claims' records (kzcrisis.index.figures).

# Made after the rows are in: one sort each, instead of maintaining them row by row (for
# claims_id, the UNIQUE of claims.id, that saves a third of the time of inserting the claims).
INDEXES = """
CREATE UNIQUE INDEX claims_id ON claims (id);
CREATE INDEX claims_kind ON claims (kind, date);
CREATE INDEX claims_source ON claims (source, kind);
CREATE INDEX claims_order ON claims (date IS NULL, date, bound IS NULL, bound, source_seq, ord);
CREATE INDEX claims_statement ON claims (statement) WHERE statement IS NOT NULL;
"""

# Bump RECORD_VERSION when what a record holds changes; a change to the tables changes FORMAT by
# itself. Either way every cache built before is ignored and rebuilt.
RECORD_VERSION = 4
FORMAT = f"kzcrisis-index-{RECORD_VERSION}-{blake2b((SCHEMA + INDEXES).encode(), digest_size=6).hexdigest()}"
