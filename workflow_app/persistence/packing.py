"""How the bulkiest columns are stored (issue 15): history payloads, workflow states, hashes.

A dossier's history and state are mostly the same keys, task names and Vietnamese titles over
and over, so they are deflated against a preset dictionary (`zdicts.py`) that already holds
them; only what differs costs bytes. A packed value starts with a tag byte naming its
dictionary, which JSON text never starts with, so rows written before (plain or zlib JSON)
read back unchanged and `audit verify` keeps working across the change. Hashes are stored as
their 32 bytes rather than 64 hex characters and read back as the same hex text, so the hash
chain, its checks and the audit export see exactly what they saw before.

On PostgreSQL these columns are `bytea` (its own TOAST compression starts only above ~2 KB and
knows no dictionary); SQLite keeps its declared column types and stores the bytes as BLOBs.
"""

from __future__ import annotations

import json
import zlib

from sqlalchemy import JSON, LargeBinary, String, Text, TypeDecorator

from .zdicts import HISTORY_DICTIONARY, STATE_DICTIONARY

ZLIB_HEADER = 0x78  # what `zlib.compress` output starts with (the states stored before)
# Tag byte -> preset dictionary. Never renumber or change one: stored rows name them.
DICTIONARIES = {1: HISTORY_DICTIONARY, 2: STATE_DICTIONARY}
HISTORY, STATE = 1, 2


def deflate(raw: bytes, tag: int, level: int = 9) -> bytes:
    """`raw` deflated against dictionary `tag`, behind its tag byte (raw deflate: the hash
    chain and the audit's fingerprints already vouch for the content, no checksum needed)."""
    packer = zlib.compressobj(level, zlib.DEFLATED, -15, 9, zdict=DICTIONARIES[tag])
    return bytes([tag]) + packer.compress(raw) + packer.flush()


def inflate(stored: bytes) -> bytes:
    """The bytes `deflate` (or plain zlib, or nothing) was given."""
    if not stored:
        return stored
    tag = stored[0]
    if tag in DICTIONARIES:
        unpacker = zlib.decompressobj(-15, zdict=DICTIONARIES[tag])
        return unpacker.decompress(stored[1:]) + unpacker.flush()
    if tag == ZLIB_HEADER:
        return zlib.decompress(stored)
    return stored


def canonical_bytes(value) -> bytes:
    """Compact JSON, keys sorted, UTF-8 rather than \\u escapes: for a history payload, the very
    text its event's hash covers (domain/history.py `canonical_json`)."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def pack_json(value, tag: int = HISTORY) -> bytes:
    """`canonical_bytes`, deflated when that is shorter."""
    raw = canonical_bytes(value)
    packed = deflate(raw, tag)
    return packed if len(packed) < len(raw) else raw


def unpack_json(stored):
    """The value `pack_json` stored; JSON text or an already decoded value as it is."""
    if stored is None or isinstance(stored, dict | list):
        return stored
    if isinstance(stored, str):
        return json.loads(stored)
    return json.loads(inflate(bytes(stored)).decode("utf-8"))


def _bytes_on_postgres(dialect, elsewhere):
    return dialect.type_descriptor(LargeBinary() if dialect.name == "postgresql" else elsewhere)


class PackedJSON(TypeDecorator):
    """A JSON column stored packed (`pack_json`); reads plain JSON rows as well."""

    impl = JSON
    cache_ok = True

    def load_dialect_impl(self, dialect):
        return _bytes_on_postgres(dialect, Text())

    def process_bind_param(self, value, dialect):
        return None if value is None else pack_json(value)

    def process_result_value(self, value, dialect):
        return unpack_json(value)


def pack_state(state: str) -> bytes:
    """Level 6: a state is rewritten at every step; 9 would cost a third more for 3% less."""
    return deflate(state.encode("utf-8"), STATE, 6)


def unpack_state(stored) -> str:
    if isinstance(stored, str):  # written before states were compressed
        return stored
    return inflate(bytes(stored)).decode("utf-8")


class Digest(TypeDecorator):
    """A SHA-256 stored as its 32 bytes, read and compared as 64 lowercase hex characters."""

    impl = String(64)
    cache_ok = True

    def load_dialect_impl(self, dialect):
        return _bytes_on_postgres(dialect, String(64))

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        try:
            return bytes.fromhex(value)
        except ValueError:  # not a digest (a hand-edited row): kept as text, never matches
            return value.encode("utf-8") if dialect.name == "postgresql" else value

    def process_result_value(self, value, dialect):
        if value is None or isinstance(value, str):
            return value
        return bytes(value).hex()
