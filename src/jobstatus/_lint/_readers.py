"""Readers turn an input stream into records, one reader per input type, all streaming.

* ``jsonl`` (``.jsonl``, ``.ndjson``): one record per line, including blank lines (skipped, so
  that they are counted); line numbers are exact; CRLF and a leading BOM are fine. Lines are
  handed to the checks undecoded, so each is decoded exactly once. A byte range of a file can
  be read on its own (:func:`read_jsonl_range`), for worker processes.
* ``json``: one payload (read whole: a payload is validated whole anyway; a ``job_statuses``
  list is one Zendesk payload), or a top-level array whose elements are read one at a time
  with the standard library's ``raw_decode`` over a sliding window. That keeps memory bounded
  by the largest element and gives each element its exact line, which SARIF and GitHub
  annotations need (ijson streams as well but cannot tell positions). The elements' text is
  then decoded by the checks like any other payload, so NaN, huge integers and invalid UTF-8
  in one element are a finding on that element and the others are still checked.
* ``har``: HAR 1.2, entries streamed with ijson (no line numbers; entries are located by
  index, method and URL). Each entry is routed by method, URL and status (``_routing``);
  other traffic is skipped with a reason.

Any of them may be gzip-compressed (``.gz``, or gzip magic on stdin). A stream that breaks
mid-way (truncated, not gzip) ends in an ``error`` record after the records read so far.
"""

from __future__ import annotations

import base64
import binascii
import codecs
import errno
import gzip
import io
import json
import os
import re
import sys
import zlib
from collections.abc import Iterator
from typing import IO, Any, cast

import ijson
import orjson
from ijson.common import ObjectBuilder

from jobstatus._lint._model import Record
from jobstatus._lint._routing import UNCONFIRMED, route

__all__ = [
    "GZIP_MAGIC",
    "INPUT_TYPES",
    "input_type_of",
    "jsonl_ranges",
    "open_input",
    "read_input",
    "read_jsonl",
    "read_jsonl_range",
    "sniff_har",
]

INPUT_TYPES = ("json", "jsonl", "har")
SUFFIXES = {".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl", ".har": "har"}
STDIN = "-"
STDIN_NAME = "<stdin>"
_CHUNK = 1 << 16
GZIP_MAGIC = b"\x1f\x8b"
# Errors of a stream that opened fine but cannot be read on: not gzip, a truncated gzip member.
# (BadGzipFile is an OSError; catching it here keeps it from counting as an I/O error.)
_STREAM_ERRORS = (gzip.BadGzipFile, EOFError, zlib.error)

BLANK_LINE = "blank line"


def input_type_of(name: str) -> str | None:
    """The input type a file name implies (``.gz`` looked through), or None."""
    lowered = name.lower()
    if lowered.endswith(".gz"):
        lowered = lowered[:-3]
    return SUFFIXES.get(os.path.splitext(lowered)[1])


def open_input(path: str) -> IO[bytes]:
    """A binary stream of the input's (decompressed) bytes; ``-`` is stdin."""
    if path == STDIN:
        if sys.stdin is None:  # started with stdin closed (<&-)
            raise OSError(errno.EBADF, "standard input is closed")
        stdin: Any = sys.stdin.buffer
        # The first two bytes, waited for (a pipe may deliver one alone), then read again.
        head = stdin.read(2)
        replayed = io.BufferedReader(_Replay(head, stdin, None), _CHUNK)
        if head == GZIP_MAGIC:
            return cast("IO[bytes]", gzip.GzipFile(fileobj=replayed, mode="rb"))
        return replayed
    if path.lower().endswith(".gz"):
        return cast("IO[bytes]", gzip.open(path, "rb"))
    stream = cast("io.BufferedReader", open(path, "rb", buffering=_CHUNK))  # noqa: SIM115
    if stream.peek(2)[:2] == GZIP_MAGIC:  # gzip data under another name (as stdin may be)
        return cast("IO[bytes]", gzip.GzipFile(fileobj=stream, mode="rb"))
    return stream


# What a HAR file starts with: a HAR saved as .json, or piped to stdin, is read as one (a
# job-status payload has no "log" member). Read as text, after any byte order mark, so that a
# UTF-16 HAR is told apart too (and then told it is not UTF-8).
_HAR_START = re.compile(r'\A\s*\{\s*"log"\s*:\s*\{')
# What may still become that start, once more of the input is read.
_HAR_PREFIX = re.compile(r'\s*(?:\{\s*(?:"(?:l(?:o(?:g(?:"\s*(?::\s*)?)?)?)?)?)?)?')
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
         (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"),
         (codecs.BOM_UTF8, "utf-8"))
# Past this many bytes without a decision, it is no HAR start (only whitespace so far).
_SNIFF_LIMIT = 4096


def _starts_as_har(head: bytes) -> bool | None:
    """Whether *head* starts as a HAR file does; None while it could still."""
    if any(len(head) < len(bom) and bom.startswith(head) for bom, _ in _BOMS):
        return None  # a byte order mark cut short
    bom, codec = _bom_of(head)
    body = head[len(bom):]
    cut = False
    try:
        text = body.decode(codec)
    except UnicodeDecodeError as bad:  # decided by the text before it
        text = body[:bad.start].decode(codec)
        cut = bad.end >= len(body) - 3  # a character cut short at the end: read on
        if not cut and not _HAR_START.match(text):
            return False  # not text in that encoding: its reader says so
    if _HAR_START.match(text):
        return True
    return None if _HAR_PREFIX.fullmatch(text) else False


def _bom_of(head: bytes) -> tuple[bytes, str]:
    """The byte order mark *head* starts with and its encoding (none: b"" and UTF-8)."""
    for bom, name in _BOMS:
        if head.startswith(bom):
            return bom, name
    return b"", "utf-8"


class _Replay(io.RawIOBase):
    """A stream whose first bytes, already read, are read again; then the error that reading
    further raised while they were read, if any (a gzip stream's), then the rest. The stream
    itself is not closed here: its opener does that (stdin is not closed at all)."""

    def __init__(self, head: bytes, stream: IO[bytes], error: Exception | None) -> None:
        self.head = head
        self.stream = stream
        self.error = error

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        view = memoryview(buffer).cast("B")
        if self.head:
            size = min(len(view), len(self.head))
            view[:size] = self.head[:size]
            self.head = self.head[size:]
            return size
        if self.error is not None:
            error, self.error = self.error, None
            raise error
        data = _read_some(self.stream, len(view))
        view[:len(data)] = data
        return len(data)


def _read_some(stream: IO[bytes], size: int) -> bytes:
    """What is there to read, up to *size* bytes: no waiting for more on a pipe."""
    read1 = getattr(stream, "read1", None)
    return bytes(read1(size) if read1 is not None else stream.read(size))


def sniff_har(stream: IO[bytes]) -> tuple[bool, IO[bytes]]:
    """Whether *stream* (from :func:`open_input`) starts as a HAR file does, and the stream
    to read from now on (the same bytes from the start). Reads only as far as it takes to
    tell, as the bytes arrive (a pipe may deliver the first ones alone)."""
    head = b""
    error: Exception | None = None
    decided: bool | None = None
    try:
        while decided is None and len(head) < _SNIFF_LIMIT:
            more = _read_some(stream, _CHUNK)
            if not more:
                break
            head += more
            # Decided on the first _SNIFF_LIMIT bytes at most, however much a read returned.
            decided = _starts_as_har(head[:_SNIFF_LIMIT])
    except _STREAM_ERRORS as exc:  # broken gzip data: its reader reports it, where it is
        error = exc
        if head and isinstance(exc, gzip.BadGzipFile) and str(exc).startswith("Not a gzip"):
            # (said of bytes after a whole gzip member; its reader cannot tell, having read
            # nothing yet)
            error = gzip.BadGzipFile("data after the end of the gzip data")
    if not head and error is None:
        return False, stream
    return bool(decided), io.BufferedReader(_Replay(head, stream, error), _CHUNK)


def _decompress_error(exc: Exception, read: bool) -> str:
    """Why a gzip stream broke, in words (Python's says ``Not a gzipped file (b'..')``)."""
    if isinstance(exc, EOFError):
        return "cannot decompress: the gzip data is cut short"
    if isinstance(exc, gzip.BadGzipFile) and str(exc).startswith("Not a gzipped file"):
        return ("cannot decompress: data after the end of the gzip data" if read else
                "cannot decompress: not gzip data")
    return f"cannot decompress: {exc or type(exc).__name__}"


def read_input(stream: IO[bytes], name: str, input_type: str) -> Iterator[Record]:
    """Records of *stream*; a stream that breaks ends in an error record, never raises
    (except OSError for genuine I/O failures, which the caller reports)."""
    reader = {"json": read_json, "jsonl": read_jsonl, "har": read_har}[input_type]
    last: Record | None = None
    try:
        for record in reader(stream, name):
            last = record
            yield record
    except _STREAM_ERRORS as exc:
        yield Record(
            file=name,
            line=None if last is None or last.line is None else last.line + 1,
            entry=None if last is None or last.entry is None else last.entry + 1,
            error=_decompress_error(exc, last is not None),
        )


# --- JSONL -------------------------------------------------------------------------------


def read_jsonl(stream: IO[bytes], name: str, first_line: int = 1) -> Iterator[Record]:
    """One record per line, undecoded (the linter's own JSONL loop, ``_run.check_jsonl``,
    reads raw lines and makes records only for the lines its fast path does not settle)."""
    for number, line in enumerate(stream, start=first_line):
        yield jsonl_record(name, number, line)


def read_jsonl_range(path: str, name: str, start: int, end: int, first_line: int
                     ) -> Iterator[Record]:
    """The records of the lines that start in the byte range [start, end) of a plain file.

    *start* must be the start of a line (0 or just after a newline, see :func:`jsonl_ranges`)
    and *first_line* its line number.
    """
    for number, line in enumerate(jsonl_range_lines(path, start, end), start=first_line):
        yield jsonl_record(name, number, line)


_READ_AT_ONCE = 16 << 20


def jsonl_range_lines(path: str, start: int, end: int) -> Iterator[bytes]:
    """The raw lines that start in the byte range [start, end) of a plain file. A range of a
    few MiB (a worker's) is read at once and split as a file is, on ``\n``."""
    if end - start <= _READ_AT_ONCE:
        with open(path, "rb") as stream:
            stream.seek(start)
            block = stream.read(end - start)
        return iter(io.BytesIO(block))
    return _streamed_range_lines(path, start, end)


def _streamed_range_lines(path: str, start: int, end: int) -> Iterator[bytes]:
    with open(path, "rb", buffering=_CHUNK) as stream:
        stream.seek(start)
        position = start
        for line in stream:
            if position >= end:
                break
            position += len(line)
            yield line


def jsonl_record(name: str, number: int, line: bytes) -> Record:
    """The record of one JSONL line (a blank line is skipped, not an error)."""
    if line[0] == 123 or line.strip():  # 123 is "{"
        return Record(name, number, None, line)
    return Record(name, number, skip=BLANK_LINE)


def jsonl_lines(stream: IO[bytes], name: str) -> Iterator[bytes | Record]:
    """The raw lines of a JSONL stream that may break (gzip): one that does ends in an error
    record, as in :func:`read_input`. A plain file's lines need no guard: iterate it."""
    number = 0
    try:
        for line in stream:
            number += 1
            yield line
    except _STREAM_ERRORS as exc:
        yield Record(file=name, line=number + 1 if number else None,
                     error=_decompress_error(exc, number > 0))


def jsonl_ranges(path: str, parts: int) -> Iterator[tuple[int, int]]:
    """Split a plain file into up to *parts* newline-aligned byte ranges ``(start, end)`` of
    about equal size: a seek and one line read per range, whatever the file's size. Their
    lines are not counted here: a range's first line number is the sum of the lines of the
    ranges before it, which the worker of each range counts as it reads."""
    size = os.path.getsize(path)
    start = 0
    with open(path, "rb") as stream:
        for target in (size * k // parts for k in range(1, parts)):
            if target <= start:
                continue
            stream.seek(target - 1)  # from the byte before: a line may end just there
            rest = stream.readline()
            if not rest:
                break
            end = target - 1 + len(rest)
            if end >= size:
                break
            yield start, end
            start = end
    yield start, size


# --- JSON --------------------------------------------------------------------------------

_WHITESPACE = " \t\r\n"


def read_json(stream: IO[bytes], name: str) -> Iterator[Record]:
    head = stream.read(_CHUNK)
    body = head[3:] if head.startswith(codecs.BOM_UTF8) else head
    stripped = body.lstrip()
    line = 1 + body[: len(body) - len(stripped)].count(b"\n")
    if not stripped.startswith(b"["):
        # One payload: read it whole (it is validated whole). An empty file is a finding.
        yield Record(name, line, None, stripped + stream.read())
        return
    yield from _read_array(stream, name, stripped, line)


class _Window:
    """Text of a stream decoded as it is needed. Invalid UTF-8 bytes survive as surrogate
    escapes, so that the element they are in can be reported alone, with its bytes intact."""

    def __init__(self, stream: IO[bytes], first: bytes, line: int):
        self.stream = stream
        self.decoder = codecs.getincrementaldecoder("utf-8")(errors="surrogateescape")
        self.text = self.decoder.decode(first)
        self.pos = 0
        self.line = line
        self.eof = False

    def more(self) -> bool:
        """Read on (at least doubling what is held, so one huge element costs O(n))."""
        if self.eof:
            return False
        data = self.stream.read(max(_CHUNK, len(self.text) - self.pos))
        self.eof = not data
        self.text = self.text[self.pos :] + self.decoder.decode(data, final=self.eof)
        self.pos = 0
        return not self.eof or bool(self.text)

    def advance(self, to: int) -> None:
        self.line += self.text.count("\n", self.pos, to)
        self.pos = to

    def skip_space(self) -> str:
        """The next non-space character ('' at the end), reading on as needed."""
        while True:
            text, pos = self.text, self.pos
            while pos < len(text) and text[pos] in _WHITESPACE:
                pos += 1
            self.advance(pos)
            if pos < len(text):
                return text[pos]
            if self.eof or not self.more():
                return ""


_decoder = json.JSONDecoder()


def _read_array(stream: IO[bytes], name: str, first: bytes, line: int) -> Iterator[Record]:
    window = _Window(stream, first, line)
    window.advance(1)  # past "["
    index = 0
    if window.skip_space() == "]":
        window.advance(window.pos + 1)
        yield from _trailing(window, name)
        return
    while True:
        if window.skip_space() == "":
            yield Record(name, window.line, index, error="truncated: the array is not closed")
            return
        end = _element_end(window)
        if isinstance(end, str):
            yield Record(name, window.line, index, error=end)
            return
        raw = window.text[window.pos : end].encode("utf-8", "surrogateescape")
        yield Record(name, window.line, index, raw)
        index += 1
        window.advance(end)
        following = window.skip_space()
        if following == ",":
            window.advance(window.pos + 1)
            if window.skip_space() == "]":  # a trailing comma: the array is complete
                yield Record(name, window.line, index,
                             error="malformed JSON: a trailing comma before ']'")
                window.advance(window.pos + 1)
                yield from _trailing(window, name)
                return
        elif following == "]":
            window.advance(window.pos + 1)
            yield from _trailing(window, name)
            return
        elif following == "":
            yield Record(name, window.line, index, error="truncated: the array is not closed")
            return
        else:
            yield Record(name, window.line, index,
                         error=f"malformed JSON: expected ',' or ']', found {following!r}; "
                               "the rest of the file is not read")
            return


def _element_end(window: _Window) -> int | str:
    """End of the JSON value at the window's position, reading on until it is certain (a
    value that ends exactly at the end of what was read may go on, a number cut in two, and
    an error near the end may be a value cut in two), or why there is none."""
    while True:
        text, pos = window.text, window.pos
        try:
            _, end = _decoder.raw_decode(text, pos)
        except json.JSONDecodeError as exc:
            near_end = exc.pos >= len(text) - 16 or exc.msg.startswith("Unterminated")
            if near_end and window.more():
                continue
            # With all of the file read: an error at its very end (or an open string) is the
            # element cut short; any other is a syntax error inside it.
            if window.eof and (exc.pos >= len(text.rstrip()) or
                               exc.msg.startswith("Unterminated")):
                return "truncated: the file ends inside this element"
            return f"malformed JSON in the array ({exc.msg}); the rest of the file is not read"
        except RecursionError:  # the checks report the element: here, only where it ends
            end = _bracket_end(text, pos)
            if end < 0:
                if window.more():
                    continue
                return "truncated: the file ends inside this element"
        if end < len(window.text) or window.eof or not window.more():
            return end


def _bracket_end(text: str, pos: int) -> int:
    """End of the array or object at *pos* by its brackets alone, strings skipped (-1: not
    within *text*): for a value nested too deeply for the recursive decoder to measure. Its
    syntax is not checked here; the checks decode it and report what is wrong with it."""
    depth = 0
    index = pos
    while True:
        found = _BRACKET_OR_QUOTE.search(text, index)
        if found is None:
            return -1
        char = found.group()
        index = found.end()
        if char == '"':
            closed = _STRING_END.match(text, index)  # past escapes, to the closing quote
            if closed is None:
                return -1
            index = closed.end()
        elif char in "[{":
            depth += 1
        else:
            depth -= 1
            if depth == 0:
                return index


_BRACKET_OR_QUOTE = re.compile(r'["\[\]{}]')
_STRING_END = re.compile(r'[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)


def _trailing(window: _Window, name: str) -> Iterator[Record]:
    if window.skip_space() != "":
        yield Record(name, window.line, error="data after the end of the JSON array")


# --- HAR ---------------------------------------------------------------------------------

_ENTRY = "log.entries.item"
NO_REQUEST = "entry without request"
NO_RESPONSE = "entry without response"
NOT_JSON = "non-JSON body"
EMPTY_BODY = "empty body"
FROM_CACHE = "replayed from the browser's cache"


class _AfterBom:
    """A byte stream read past a leading UTF-8 BOM (HAR files exported by Fiddler or Windows
    PowerShell carry one; the JSON parser would call it an invalid character)."""

    def __init__(self, stream: IO[bytes]) -> None:
        self.stream = stream
        head = stream.read(4)  # the longest byte order mark
        bom, codec = _bom_of(head)
        self.head = head[len(bom):] if codec == "utf-8" else head
        self.wide: str | None = None if codec == "utf-8" else codec[:6].upper()
        """UTF-16 or UTF-32, when the stream starts with its byte order mark (Windows
        PowerShell 5's ``>`` writes UTF-16): said in the error, as no JSON parser reads it."""

    def read(self, size: int = -1) -> bytes:
        head = self.head
        if not head:
            return self.stream.read(size)
        if 0 <= size < len(head):
            self.head = head[size:]
            return head[:size]
        self.head = b""
        return head + self.stream.read(size - len(head) if size >= 0 else -1)


def read_har(stream: IO[bytes], name: str) -> Iterator[Record]:
    """One record per HAR entry, streamed: only the entry being read is held in memory."""
    index = 0
    saw_entries = False
    began = False
    builder: ObjectBuilder | None = None
    try:
        source = _AfterBom(stream)
        for prefix, event, value in ijson.parse(source, use_float=True):
            began = True
            if builder is not None:
                builder.event(event, value)
                if prefix == _ENTRY and event in ("end_map", "end_array"):
                    yield har_record(name, index, builder.value)
                    index += 1
                    builder = None
            elif prefix == _ENTRY:
                if event in ("start_map", "start_array"):
                    builder = ObjectBuilder()
                    builder.event(event, value)
                else:  # a scalar entry: malformed, but the others may be fine
                    yield har_record(name, index, value)
                    index += 1
            elif prefix == "log.entries" and event == "start_array":
                saw_entries = True
    except (ijson.JSONError, ValueError) as exc:  # ValueError: invalid UTF-8
        reason = "truncated" if _ended_early(exc) else "malformed JSON"
        message = _message_of(exc).strip()
        detail = message.splitlines()[0] if message else ""
        if not saw_entries:  # nothing of a HAR was read: say so, not "after 0 entries"
            what = "an empty file" if not began and reason == "truncated" else (
                reason + (f" ({detail})" if detail else ""))
            if source.wide is not None:
                what = f"{source.wide} text (a HAR file is UTF-8: convert it, e.g. with iconv)"
            yield Record(name, error=f"not a HAR file: {what}")
            return
        yield Record(name, entry=index,
                     error=f"{reason} HAR file after {index} entries"
                           + (f": {detail}" if detail else ""))
        return
    if not saw_entries:
        yield Record(name, error="not a HAR file: no log.entries array")


def _ended_early(exc: Exception) -> bool:
    """Whether the parser's error is the document ending early. Its C backend (yajl) raises
    IncompleteJSONError for syntax errors too, and says "premature EOF" for an early end; the
    pure-Python backend raises it for an early end only."""
    message = _message_of(exc)
    if "premature EOF" in message:
        return True
    return isinstance(exc, ijson.IncompleteJSONError) and not message.startswith(
        ("parse error", "lexical error"))


def _message_of(exc: Exception) -> str:
    """The parser's message as text (yajl's arrive as bytes: ``b'lexical error: ...'``)."""
    first = exc.args[0] if exc.args else ""
    if isinstance(first, bytes):
        return first.decode("utf-8", "replace")
    return str(exc)


def har_record(name: str, index: int, entry: Any) -> Record:
    """The record of one HAR entry: routed to a format, or skipped with a reason."""
    if not isinstance(entry, dict):
        return Record(name, entry=index, error="malformed HAR entry: not an object")
    started = entry.get("startedDateTime")
    started = started if isinstance(started, str) else None
    request = entry.get("request")
    method = request.get("method") if isinstance(request, dict) else None
    url = request.get("url") if isinstance(request, dict) else None
    if not isinstance(method, str) or not isinstance(url, str):
        return Record(name, entry=index, started=started, skip=NO_REQUEST)
    response = entry.get("response")
    status = response.get("status") if isinstance(response, dict) else None
    status = status if type(status) is int else None
    context = f"{method} {url}" + (f" -> {status}" if status is not None else "")
    routing = route(method, url, status)
    if routing.format is not None and entry.get("_fromCache"):
        # Chrome's mark of a response its cache replayed: an old body, not a poll of the job.
        return Record(name, entry=index, context=context, started=started, skip=FROM_CACHE)
    if routing.format is None:
        reason = routing.skip
        if not isinstance(response, dict) and routing.skip != "not a job-status endpoint":
            reason = NO_RESPONSE
        return Record(name, entry=index, context=context, started=started, skip=reason)
    content = response.get("content") if isinstance(response, dict) else None
    content = content if isinstance(content, dict) else {}
    text = content.get("text")
    if not isinstance(text, str) or not text.strip():
        return Record(name, entry=index, context=context, started=started, skip=EMPTY_BODY)
    mime = content.get("mimeType")
    typed_json = not (isinstance(mime, str) and mime.strip()) or "json" in mime.lower()
    unconfirmed = None if routing.documented else UNCONFIRMED
    raw: bytes | None = None
    if str(content.get("encoding", "")).lower() == "base64":
        try:
            # RFC 2045 line breaks and missing padding are common in exporters' base64.
            packed = "".join(text.split())
            raw = base64.b64decode(packed + "=" * (-len(packed) % 4), validate=True)
        except (binascii.Error, ValueError):
            if typed_json:  # (on another host, skipped unless --format vouches for it)
                return Record(name, entry=index, format_hint=routing.format, context=context,
                              started=started, unconfirmed=unconfirmed,
                              error="response body is marked base64 but is not valid base64")
            raw = None  # not JSON by its type, nor by its content: not job-status traffic
    else:
        # Lone surrogates (from \\ud800 escapes in the HAR) survive, and fail as invalid UTF-8.
        raw = text.encode("utf-8", "surrogatepass")
    if raw is None or not (typed_json or _is_json_document(raw)):
        # Mislabelled JSON is common (text/plain; Chrome writes x-unknown when it has no type):
        # the content decides. A body that is no JSON object or array under a type that is
        # not JSON is no error.
        return Record(name, entry=index, context=context, started=started, skip=NOT_JSON)
    return Record(name, entry=index, raw=raw, format_hint=routing.format, context=context,
                  started=started, unconfirmed=unconfirmed)


def _is_json_document(raw: bytes) -> bool:
    """Whether *raw* is a JSON object or array (orjson refuses integers past 64 bits: json
    reads them)."""
    if raw.startswith(codecs.BOM_UTF8):  # ignored, as the payload's decoder ignores it
        raw = raw[len(codecs.BOM_UTF8):]
    if not raw.lstrip(b" \t\r\n").startswith((b"{", b"[")):
        return False
    try:
        orjson.loads(raw)
    except orjson.JSONDecodeError:
        try:
            json.loads(raw)
        except (ValueError, RecursionError):
            return False
    return True
