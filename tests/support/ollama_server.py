"""A local stand-in for the Ollama HTTP server, for tests.

``FakeOllama`` serves the part of Ollama's HTTP API a client application uses,
on 127.0.0.1 at a free port, answering with a real GGUF model run by
llama-cpp-python (or with a scripted reply, for fast unit tests)::

    with FakeOllama(models={"smollm2:135m": gguf_path}) as srv:
        client = ollama.Client(host=srv.host)

Endpoints: ``GET|HEAD /`` ("Ollama is running"), ``GET /api/version``,
``GET /api/tags``, ``GET /api/ps``, ``POST /api/show``, ``POST /api/chat`` and
``POST /api/generate``.  Anything else answers 404 "404 page not found" (or 405)
as gin does.

Real behaviours it mirrors (from ollama's server/routes.go, server/prompt.go,
runner/*/runner.go, docs/api.md, and the 0.6-era handlers):

* ``stream`` defaults to true: ``application/x-ndjson``, one JSON object a line,
  sent with chunked transfer encoding like Go's net/http; ``stream: false``
  gives one ``application/json; charset=utf-8`` object with the content joined.
* Chunks carry ``model`` (as the request spelled it), ``created_at`` (RFC 3339,
  UTC, ``Z``), ``message {role, content}`` (chat) or ``response`` (generate) and
  ``done``; the final one adds ``done_reason`` ("stop" or "length"),
  ``total_duration``, ``load_duration``, ``prompt_eval_count``,
  ``prompt_eval_duration``, ``eval_count``, ``eval_duration`` (nanoseconds),
  and ``context`` on /api/generate.
* Empty ``messages``/``prompt`` loads the model (``done_reason: "load"``), and
  with ``keep_alive: 0`` unloads it (``"unload"``).
* Errors are ``{"error": "..."}``: 400 "missing request body", 400 "model is
  required" (chat/show), 404 ``model "x" not found, try pulling it first``
  (chat, through the scheduler) and 404 ``model 'x' not found`` (generate and
  show; current Ollama uses this form on all three), 500 for a bad option type,
  503 "server busy, please try again.  maximum pending requests exceeded".
  An error after streaming began is one more line ``{"error": "..."}`` in a
  200 response, as when the runner dies.
* Options start from Ollama's defaults (temperature 0.8, top_k 40, top_p 0.9,
  repeat_penalty 1.1, num_keep 4, num_predict -1, seed -1), then the request's
  ``options``; unknown keys are ignored with a warning.
* Context: chat history that does not fit ``num_ctx`` is dropped oldest first,
  keeping system messages and the last message (prompt.go); a prompt still
  longer than ``num_ctx`` keeps its first ``num_keep`` tokens and its end, is
  logged as ``truncating input prompt limit=.. prompt=.. keep=.. new=..``, and
  reports ``prompt_eval_count == num_ctx``: that is how a client sees overflow.
* A model whose ``num_ctx`` changes is reloaded (``load_duration`` grows).

Where it differs: the GGUF's own Jinja chat template renders prompts (as
``create_chat_completion`` does; Ollama uses a Go template), /api/show returns
that template, ``eval_count`` re-counts the reply's tokens, and no context shift
happens: each load keeps ``gen_headroom`` extra slots so a reply can follow a
full ``num_ctx`` prompt.

Faults (``fault=`` or ``srv.fault = ...`` at run time): ``"down"`` (nothing
listens on the port: connection refused), ``"slow"`` (``slow_seconds`` before
the first byte), ``"cut"`` (``fault_after_chunks`` chunks, then the connection
closes without the done chunk), ``"error_midstream"`` (200, chunks, then an
``{"error": ...}`` line), ``"busy"`` (503), ``"garbage"`` (200 with a non-JSON
line).  Faults other than slow and down touch /api/chat and /api/generate only.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import re
import socket
import struct
import threading
import time
import zlib
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Literal

log = logging.getLogger("fake_ollama")
log.addHandler(logging.NullHandler())  # no "last resort" stderr output from server threads between tests

Fault = Literal["down", "slow", "cut", "error_midstream", "busy", "garbage"]
Message = dict[str, Any]
Script = Sequence[str] | Callable[[list[Message]], Sequence[str]]
ModelSpec = str | os.PathLike[str] | Script

VERSION = "0.6.8"
BUSY_ERROR = "server busy, please try again.  maximum pending requests exceeded"
NOT_FOUND_CHAT = 'model "{name}" not found, try pulling it first'  # /api/chat, via the scheduler
NOT_FOUND = "model '{name}' not found"  # /api/generate and /api/show (and, today, /api/chat)
RUNNER_DIED_ERROR = "an error was encountered while running the model: unexpected EOF"
GARBAGE_LINE = b"<html><body><h1>502 Bad Gateway</h1></body></html>\n"
DEFAULT_OPTIONS: dict[str, Any] = {
    "num_keep": 4,
    "seed": -1,
    "num_predict": -1,
    "top_k": 40,
    "top_p": 0.9,
    "min_p": 0.0,
    "typical_p": 1.0,
    "repeat_last_n": 64,
    "temperature": 0.8,
    "repeat_penalty": 1.1,
    "presence_penalty": 0.0,
    "frequency_penalty": 0.0,
    "stop": [],
    "num_ctx": 4096,
}
_OPTION_TYPES: dict[str, str] = {
    **dict.fromkeys(
        (
            "num_keep",
            "seed",
            "num_predict",
            "top_k",
            "repeat_last_n",
            "num_ctx",
            "num_batch",
            "num_gpu",
            "main_gpu",
            "num_thread",
            "mirostat",
        ),
        "integer",
    ),
    **dict.fromkeys(
        (
            "top_p",
            "min_p",
            "typical_p",
            "temperature",
            "repeat_penalty",
            "presence_penalty",
            "frequency_penalty",
            "mirostat_tau",
            "mirostat_eta",
        ),
        "float32",
    ),
    **dict.fromkeys(
        ("penalize_newline", "numa", "low_vram", "vocab_only", "use_mmap", "use_mlock"), "boolean"
    ),
    "stop": "array",
}
_FILE_TYPES = {
    0: "F32",
    1: "F16",
    2: "Q4_0",
    3: "Q4_1",
    7: "Q8_0",
    8: "Q5_0",
    9: "Q5_1",
    10: "Q2_K",
    11: "Q3_K_S",
    12: "Q3_K_M",
    13: "Q3_K_L",
    14: "Q4_K_S",
    15: "Q4_K_M",
    16: "Q5_K_S",
    17: "Q5_K_M",
    18: "Q6_K",
    32: "BF16",
}


@dataclass(frozen=True)
class RecordedRequest:
    """One request as received: ``body`` is parsed JSON (None if absent/invalid); header names lower case."""

    method: str
    path: str
    body: Any
    headers: dict[str, str]


class ApiError(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status, self.message = status, message


@dataclass
class _Gen:
    """Counters of one generation, filled in while it streams."""

    prompt_eval_count: int = 0
    eval_count: int = 0
    done_reason: str = "stop"


def now_rfc3339(later_s: float = 0.0) -> str:
    return (datetime.now(UTC) + timedelta(seconds=later_s)).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def normalize_name(name: str) -> str:
    """``smollm2`` -> ``smollm2:latest``; a tag is a ``:`` in the last path part."""
    return name if ":" in name.rsplit("/", 1)[-1] else f"{name}:latest"


def closed_port_url() -> str:
    """An http://127.0.0.1:PORT URL on which nothing listens (Ollama "down")."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{s.getsockname()[1]}"


def merge_options(requested: Any, num_ctx: int) -> dict[str, Any]:
    """Ollama's ``api.DefaultOptions()`` then ``opts.FromMap(request)``, with its type checks."""
    opts = {**DEFAULT_OPTIONS, "num_ctx": num_ctx}
    for key, val in (requested or {}).items():
        kind = _OPTION_TYPES.get(key)
        if kind is None:
            log.warning("invalid option provided option=%s", key)
            continue
        ok = {
            "integer": isinstance(val, (int, float)) and not isinstance(val, bool),
            "float32": isinstance(val, (int, float)) and not isinstance(val, bool),
            "boolean": isinstance(val, bool),
            "array": isinstance(val, list),
        }[kind]
        if not ok:
            raise ApiError(500, f'option "{key}" must be of type {kind}')
        if kind == "array" and not all(isinstance(s, str) for s in val):
            raise ApiError(500, f'option "{key}" must be of an array of strings')
        opts[key] = int(val) if kind == "integer" else val
    return opts


def truncate_prompt(tokens: list[int], num_ctx: int, num_keep: int, add_bos: bool) -> list[int]:
    """The runner's truncation: keep ``num_keep`` (+BOS) leading tokens and the end."""
    if len(tokens) <= num_ctx:
        return tokens
    keep = len(tokens) if num_keep < 0 else num_keep + int(add_bos)
    keep = min(keep, num_ctx - 1)
    new = tokens[:keep] + tokens[keep + len(tokens) - num_ctx :]
    log.warning(
        "truncating input prompt limit=%d prompt=%d keep=%d new=%d", num_ctx, len(tokens), keep, len(new)
    )
    return new


class _Engine:
    """What the HTTP layer needs from a model: load, render, tokenize, generate, describe."""

    add_bos = False

    def load(self, n_ctx: int, seed: int) -> int:
        return 0

    def unload(self) -> None:
        pass

    def render(self, messages: list[Message]) -> list[int]:
        raise NotImplementedError

    def tokenize(self, text: str) -> list[int]:
        raise NotImplementedError

    def generate(
        self, tokens: list[int], messages: list[Message], opts: dict[str, Any], fmt: Any, gen: _Gen
    ) -> Iterator[str]:
        raise NotImplementedError

    def describe(self) -> dict[str, Any]:
        raise NotImplementedError


class _ScriptedEngine(_Engine):
    """Replies with fixed chunks (each counts as one token); words and punctuation are tokens."""

    def __init__(self, name: str, script: Script) -> None:
        self.name, self.script = name, script

    def render(self, messages: list[Message]) -> list[int]:
        text = "".join(
            f"<|im_start|>{m.get('role', '')}\n{m.get('content', '')}<|im_end|>\n" for m in messages
        )
        return self.tokenize(text + "<|im_start|>assistant\n")

    def tokenize(self, text: str) -> list[int]:
        return [zlib.crc32(w.encode()) & 0xFFFF for w in re.findall(r"\w+|[^\w\s]", text)]

    def generate(
        self, tokens: list[int], messages: list[Message], opts: dict[str, Any], fmt: Any, gen: _Gen
    ) -> Iterator[str]:
        chunks = list(self.script(messages) if callable(self.script) else self.script)
        limit = opts["num_predict"]
        if limit > 0 and len(chunks) > limit:
            chunks, gen.done_reason = chunks[:limit], "length"
        text = "".join(chunks)
        cuts = [text.find(s) for s in opts["stop"] if s and s in text]
        end = min(cuts) if cuts else len(text)
        if cuts:
            gen.done_reason = "stop"
        pos = 0
        for chunk in chunks:
            piece = chunk[: max(0, end - pos)]
            pos += len(chunk)
            if piece:
                gen.eval_count += 1
                yield piece
            if pos >= end:
                break

    def describe(self) -> dict[str, Any]:
        return {
            "path": f"scripted://{self.name}",
            "size": 0,
            "mtime": 0.0,
            "template": "{{ .Prompt }}",
            "details": {
                "parent_model": "",
                "format": "gguf",
                "family": "scripted",
                "families": ["scripted"],
                "parameter_size": "0",
                "quantization_level": "F16",
            },
            "model_info": {"general.architecture": "scripted", "scripted.context_length": 8192},
            "stop": ["<|im_end|>"],
        }


def read_gguf_metadata(path: str) -> dict[str, Any]:
    """The key/value header of a GGUF (v2/v3) file, read without loading the weights."""
    scalars = {0: "B", 1: "b", 2: "H", 3: "h", 4: "I", 5: "i", 6: "f", 7: "?", 10: "Q", 11: "q", 12: "d"}
    with open(path, "rb") as f:

        def unpack(fmt: str) -> Any:
            return struct.unpack("<" + fmt, f.read(struct.calcsize(fmt)))[0]

        def string() -> str:
            return f.read(unpack("Q")).decode("utf-8", "replace")

        def value(kind: int) -> Any:
            if kind == 8:
                return string()
            if kind == 9:
                item, count = unpack("I"), unpack("Q")
                return [value(item) for _ in range(count)]
            return unpack(scalars[kind])

        if f.read(4) != b"GGUF":
            raise ValueError(f"{path} is not a GGUF file")
        unpack("I"), unpack("Q")  # version, tensor count
        meta: dict[str, Any] = {}
        for _ in range(unpack("Q")):
            key = string()
            meta[key] = value(unpack("I"))
        return meta


class _GgufEngine(_Engine):
    """A GGUF file run by llama-cpp-python, loaded lazily and again when n_ctx changes."""

    def __init__(self, path: str, gen_headroom: int) -> None:
        self.path, self.gen_headroom = path, gen_headroom
        self.llm: Any = None
        self.n_ctx = 0
        self._meta: dict[str, Any] | None = None
        self._formatter: Any = None

    def metadata(self) -> dict[str, Any]:
        if self._meta is None:
            self._meta = read_gguf_metadata(self.path)
            self.add_bos = bool(self._meta.get("tokenizer.ggml.add_bos_token", False))
        return self._meta

    def _token_text(self, key: str) -> str:
        meta = self.metadata()
        tokens, idx = meta.get("tokenizer.ggml.tokens", []), meta.get(key)
        return str(tokens[idx]) if isinstance(idx, int) and 0 <= idx < len(tokens) else ""

    def load(self, n_ctx: int, seed: int) -> int:
        if self.llm is not None and self.n_ctx == n_ctx:
            return 0
        import llama_cpp
        from llama_cpp.llama_chat_format import Jinja2ChatFormatter

        started = time.perf_counter_ns()
        self.unload()
        meta = self.metadata()
        self.llm = llama_cpp.Llama(
            model_path=self.path,
            n_ctx=n_ctx + self.gen_headroom,
            verbose=False,
            seed=seed if seed >= 0 else llama_cpp.LLAMA_DEFAULT_SEED,
        )
        self.n_ctx = n_ctx
        eos = meta.get("tokenizer.ggml.eos_token_id")
        plain = "{% for m in messages %}{{ m.content }}\n{% endfor %}"
        self._formatter = Jinja2ChatFormatter(
            template=meta.get("tokenizer.chat_template", plain),
            eos_token=self._token_text("tokenizer.ggml.eos_token_id"),
            bos_token=self._token_text("tokenizer.ggml.bos_token_id"),
            stop_token_ids=[eos] if isinstance(eos, int) else None,
        )
        return time.perf_counter_ns() - started

    def unload(self) -> None:
        if self.llm is not None:
            self.llm.close()
        self.llm, self.n_ctx = None, 0

    def _format(self, messages: list[Message]) -> Any:
        return self._formatter(
            messages=[{"role": m.get("role", "user"), "content": m.get("content") or ""} for m in messages]
        )

    def render(self, messages: list[Message]) -> list[int]:
        result = self._format(messages)
        add_bos = not getattr(result, "added_special", False)
        return list(self.llm.tokenize(result.prompt.encode(), add_bos=add_bos, special=True))

    def tokenize(self, text: str) -> list[int]:
        return list(self.llm.tokenize(text.encode(), add_bos=self.add_bos, special=True))

    def generate(
        self, tokens: list[int], messages: list[Message], opts: dict[str, Any], fmt: Any, gen: _Gen
    ) -> Iterator[str]:
        from llama_cpp.llama_grammar import JSON_GBNF, LlamaGrammar

        stop, criteria = list(opts["stop"]), None
        if messages:
            result = self._format(messages)
            stop += [result.stop] if isinstance(result.stop, str) else list(result.stop or [])
            criteria = getattr(result, "stopping_criteria", None)
        grammar = None
        if fmt == "json":
            grammar = LlamaGrammar.from_string(JSON_GBNF, verbose=False)
        elif isinstance(fmt, dict):
            grammar = LlamaGrammar.from_json_schema(json.dumps(fmt), verbose=False)
        self.llm.reset()  # evaluate the whole prompt each time: same input, same output
        text, predict = "", opts["num_predict"]
        for part in self.llm.create_completion(
            prompt=tokens,
            stream=True,
            max_tokens=predict if predict > 0 else None,
            temperature=float(opts["temperature"]),
            top_p=float(opts["top_p"]),
            top_k=int(opts["top_k"]),
            min_p=float(opts["min_p"]),
            typical_p=float(opts["typical_p"]),
            repeat_penalty=float(opts["repeat_penalty"]),
            presence_penalty=float(opts["presence_penalty"]),
            frequency_penalty=float(opts["frequency_penalty"]),
            seed=opts["seed"] if opts["seed"] >= 0 else None,
            stop=stop or None,
            stopping_criteria=criteria,
            grammar=grammar,
        ):
            choice = part["choices"][0]
            if choice["text"]:
                text += choice["text"]
                yield choice["text"]
            if choice.get("finish_reason"):
                gen.done_reason = "length" if choice["finish_reason"] == "length" else "stop"
        counted = len(self.llm.tokenize(text.encode(), add_bos=False, special=True)) if text else 0
        gen.eval_count = predict if gen.done_reason == "length" and predict > 0 else counted

    def describe(self) -> dict[str, Any]:
        meta = self.metadata()
        # like getModelData(verbose=false): long arrays (tokens, merges) are sent empty
        info = {
            k: [] if isinstance(v, list) and len(v) > 5 else v
            for k, v in meta.items()
            if k not in ("general.name", "tokenizer.chat_template")
        }
        arch = str(meta.get("general.architecture", "llama"))
        quant = _FILE_TYPES.get(int(meta.get("general.file_type", -1)), "unknown")
        stat = os.stat(self.path)
        eos = self._token_text("tokenizer.ggml.eos_token_id")
        return {
            "path": self.path,
            "size": stat.st_size,
            "mtime": stat.st_mtime,
            "template": meta.get("tokenizer.chat_template", ""),
            "details": {
                "parent_model": "",
                "format": "gguf",
                "family": arch,
                "families": [arch],
                "parameter_size": str(meta.get("general.size_label", "")),
                "quantization_level": quant,
            },
            "model_info": info,
            "stop": [eos] if eos else [],
        }


@dataclass
class _Slot:
    name: str
    engine: _Engine
    lock: threading.Lock = field(default_factory=threading.Lock)
    expires_at: str = ""


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    allow_reuse_address = True
    owner: FakeOllama
    conns: set[socket.socket]

    def process_request(self, request: Any, client_address: Any) -> None:
        self.conns.add(request)
        super().process_request(request, client_address)

    def shutdown_request(self, request: Any) -> None:
        self.conns.discard(request)
        super().shutdown_request(request)

    def drop_connections(self) -> None:
        """Like a stopped process: every open keep-alive connection is closed too."""
        for conn in list(self.conns):
            with contextlib.suppress(OSError):
                conn.shutdown(socket.SHUT_RDWR)


class FakeOllama:
    """Ollama's HTTP API on 127.0.0.1 backed by llama-cpp-python or scripted replies (see module doc)."""

    def __init__(
        self,
        models: Mapping[str, ModelSpec],
        fault: Fault | None = None,
        *,
        slow_seconds: float = 2.0,
        fault_after_chunks: int = 2,
        num_ctx: int = 4096,
        gen_headroom: int = 1024,
        version: str = VERSION,
    ) -> None:
        self.slots: dict[str, _Slot] = {}
        for name, spec in models.items():
            engine: _Engine = (
                _GgufEngine(os.fspath(spec), gen_headroom)
                if isinstance(spec, (str, os.PathLike))
                else _ScriptedEngine(name, spec)
            )
            self.slots[normalize_name(name)] = _Slot(name, engine)
        self.slow_seconds, self.fault_after_chunks = slow_seconds, fault_after_chunks
        self.num_ctx, self.version = num_ctx, version
        self.requests: list[RecordedRequest] = []
        self._fault: Fault | None = fault
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None
        self._stopping = threading.Event()
        self.port = 0

    # -- lifecycle -----------------------------------------------------------------------------
    @property
    def host(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def fault(self) -> Fault | None:
        return self._fault

    @fault.setter
    def fault(self, value: Fault | None) -> None:
        was_down, self._fault = self._fault == "down", value
        if value == "down" and not was_down:
            self._stop_listening()
        elif was_down and value != "down" and self.port:
            self._listen(self.port)

    def __enter__(self) -> FakeOllama:
        self._stopping.clear()
        if self._fault == "down":
            self.port = int(closed_port_url().rsplit(":", 1)[1])
        else:
            self._listen(0)
        return self

    def __exit__(self, *exc: object) -> None:
        self._stopping.set()
        self._stop_listening()
        for slot in self.slots.values():
            with slot.lock:
                slot.engine.unload()

    def _listen(self, port: int) -> None:
        server = _Server(("127.0.0.1", port), _Handler)
        server.owner, server.conns = self, set()
        self._server, self.port = server, server.server_address[1]
        self._thread = threading.Thread(
            target=server.serve_forever,
            kwargs={"poll_interval": 0.05},
            name=f"fake-ollama-{self.port}",
            daemon=True,
        )
        self._thread.start()

    def _stop_listening(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server.drop_connections()
            self._server = None

    def requests_to(self, path: str) -> list[RecordedRequest]:
        return [r for r in self.requests if r.path == path]

    # -- endpoints -----------------------------------------------------------------------------
    def _slot(self, name: str, missing: str) -> _Slot:
        slot = self.slots.get(normalize_name(name)) if name else None
        if slot is None:
            raise ApiError(404, missing.format(name=name))
        return slot

    def _model_entry(self, slot: _Slot) -> dict[str, Any]:
        d = slot.engine.describe()
        digest = hashlib.sha256(f"{d['path']}:{d['size']}:{d['mtime']}".encode()).hexdigest()
        return {
            "name": slot.name,
            "model": slot.name,
            "modified_at": datetime.fromtimestamp(d["mtime"]).astimezone().isoformat(),
            "size": d["size"],
            "digest": digest,
            "details": d["details"],
        }

    def tags(self) -> dict[str, Any]:
        entries = [self._model_entry(s) for s in self.slots.values()]
        return {"models": sorted(entries, key=lambda e: e["modified_at"], reverse=True)}

    def ps(self) -> dict[str, Any]:
        return {
            "models": [
                {**self._model_entry(s), "expires_at": s.expires_at, "size_vram": 0}
                for s in self.slots.values()
                if s.expires_at
            ]
        }

    def show(self, body: dict[str, Any]) -> dict[str, Any]:
        name = body.get("model") or body.get("name")
        if not name:
            raise ApiError(400, "model is required")
        slot = self._slot(name, NOT_FOUND)
        d = slot.engine.describe()
        params = "\n".join(f"{'stop':<30} {json.dumps(s)}" for s in d["stop"])
        template = d["template"]
        modelfile = (
            '# Modelfile generated by "ollama show"\n# To build a new Modelfile based on this,'
            f" replace FROM with:\n# FROM {slot.name}\n\nFROM {d['path']}\n"
            f'TEMPLATE """{template}"""\n' + "".join(f"PARAMETER {p}\n" for p in params.splitlines())
        )
        return {
            "license": "",
            "system": "",
            "modelfile": modelfile,
            "parameters": params,
            "template": template,
            "details": d["details"],
            "model_info": d["model_info"],
            "capabilities": ["completion"] + (["tools"] if "tools" in template else []),
            "modified_at": self._model_entry(slot)["modified_at"],
        }

    def inference(self, path: str, body: dict[str, Any]) -> tuple[bool, Iterator[dict[str, Any]]]:
        """Validates a chat/generate request; returns (stream?, iterator of response objects)."""
        chat = path == "/api/chat"
        name = body.get("model") or ""
        if chat and not name:
            raise ApiError(400, "model is required")
        messages = body.get("messages") if chat else None
        if chat and not isinstance(messages or [], list):
            kind = type(messages).__name__.replace("str", "string")
            raise ApiError(
                400,
                f"json: cannot unmarshal {kind} into Go struct field ChatRequest.messages"
                " of type []api.Message",
            )
        slot = self._slot(name, NOT_FOUND_CHAT if chat else NOT_FOUND)
        if chat and body.get("tools") and "tools" not in self.show({"model": name})["capabilities"]:
            raise ApiError(400, f"registry.ollama.ai/library/{normalize_name(name)} does not support tools")
        opts = merge_options(body.get("options"), self.num_ctx)
        stream = body.get("stream", True) is not False
        return stream, self._run(slot, chat, body, opts)

    def _run(
        self, slot: _Slot, chat: bool, body: dict[str, Any], opts: dict[str, Any]
    ) -> Iterator[dict[str, Any]]:
        started = time.perf_counter_ns()
        model, gen = body.get("model", ""), _Gen()

        def piece(text: str, done_reason: str | None = None) -> dict[str, Any]:
            """Field order of api.ChatResponse / api.GenerateResponse; done is always present."""
            obj: dict[str, Any] = {"model": model, "created_at": now_rfc3339()}
            if chat:
                obj["message"] = {"role": "assistant", "content": text}
                obj.update({"done_reason": done_reason} if done_reason else {})
                return {**obj, "done": done_reason is not None}
            obj.update(response=text, done=done_reason is not None)
            return {**obj, **({"done_reason": done_reason} if done_reason else {})}

        with slot.lock:
            if chat:
                messages = [dict(m) for m in body.get("messages") or []]
            elif body.get("prompt"):
                system = [{"role": "system", "content": body["system"]}] if body.get("system") else []
                messages = [*system, {"role": "user", "content": body["prompt"]}]
            else:
                messages = []
            if not messages:
                unload = body.get("keep_alive") in (0, "0", "0s")
                if unload:
                    slot.engine.unload()
                    slot.expires_at = ""
                else:
                    slot.engine.load(opts["num_ctx"], opts["seed"])
                    slot.expires_at = now_rfc3339(300)
                yield piece("", "unload" if unload else "load")
                return
            slot.engine.load(opts["num_ctx"], opts["seed"])
            slot.expires_at = now_rfc3339(300)
            loaded = time.perf_counter_ns()
            if not chat and body.get("raw"):
                tokens, messages = slot.engine.tokenize(body["prompt"]), []
            else:
                tokens = self._fit_messages(slot.engine, messages, opts["num_ctx"])
            tokens = truncate_prompt(tokens, opts["num_ctx"], opts["num_keep"], slot.engine.add_bos)
            gen.prompt_eval_count = len(tokens)
            first_ns, reply = 0, ""
            for text in slot.engine.generate(tokens, messages, opts, body.get("format"), gen):
                first_ns = first_ns or time.perf_counter_ns()
                reply += text
                yield piece(text)
            end = time.perf_counter_ns()
            first_ns = first_ns or end
            final = piece("", gen.done_reason)
            if not chat and not body.get("raw"):
                final["context"] = tokens + slot.engine.tokenize(reply)[int(slot.engine.add_bos) :]
            yield {
                **final,
                "total_duration": end - started,
                "load_duration": loaded - started,
                "prompt_eval_count": gen.prompt_eval_count,
                "prompt_eval_duration": first_ns - loaded,
                "eval_count": gen.eval_count,
                "eval_duration": end - first_ns,
            }

    @staticmethod
    def _fit_messages(engine: _Engine, msgs: list[Message], num_ctx: int) -> list[int]:
        """server/prompt.go chatPrompt: drop the oldest non-system messages that overflow num_ctx."""
        n = len(msgs) - 1
        for i in range(n - 1, -1, -1):
            system = [m for m in msgs[:i] if m.get("role") == "system"]
            if len(engine.render(system + msgs[i:])) > num_ctx:
                log.debug("truncating input messages which exceed context length truncated=%d", len(msgs[i:]))
                break
            n = i
        return engine.render([m for m in msgs[:n] if m.get("role") == "system"] + msgs[n:])


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:
        log.debug("%s " + format, self.address_string(), *args)

    def do_GET(self) -> None:
        self._dispatch()

    def do_HEAD(self) -> None:
        self._dispatch()

    def do_POST(self) -> None:
        self._dispatch()

    # -- plumbing ------------------------------------------------------------------------------
    def _send(self, status: int, body: bytes, ctype: str = "application/json; charset=utf-8") -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _json(self, status: int, obj: Any) -> None:
        self._send(status, json.dumps(obj, separators=(",", ":")).encode())

    def _chunk(self, data: bytes) -> None:
        self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))
        self.wfile.flush()

    def _abort(self) -> None:
        self.wfile.flush()
        self.close_connection = True
        with contextlib.suppress(OSError):
            self.connection.shutdown(socket.SHUT_RDWR)

    def _dispatch(self) -> None:
        owner = self.server.owner
        path = self.path.split("?", 1)[0]
        raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        try:
            body: Any = json.loads(raw) if raw.strip() else None
        except ValueError:
            body = None
        headers = {k.lower(): v for k, v in self.headers.items()}
        owner.requests.append(RecordedRequest(self.command, path, body, headers))
        fault = owner.fault
        if fault == "slow" and owner._stopping.wait(owner.slow_seconds):
            return
        routes = {
            ("GET", "/"),
            ("HEAD", "/"),
            ("GET", "/api/version"),
            ("HEAD", "/api/version"),
            ("GET", "/api/tags"),
            ("HEAD", "/api/tags"),
            ("GET", "/api/ps"),
            ("POST", "/api/show"),
            ("POST", "/api/chat"),
            ("POST", "/api/generate"),
        }
        try:
            if (self.command, path) not in routes:
                known = any(p == path for _, p in routes)
                status, text = (405, b"405 method not allowed") if known else (404, b"404 page not found")
                self._send(status, text, "text/plain")
            elif path == "/":
                self._send(200, b"Ollama is running", "text/plain; charset=utf-8")
            elif path == "/api/version":
                self._json(200, {"version": owner.version})
            elif path == "/api/tags":
                self._json(200, owner.tags())
            elif path == "/api/ps":
                self._json(200, owner.ps())
            else:
                if not raw.strip():
                    raise ApiError(400, "missing request body")
                if not isinstance(body, dict):
                    raise ApiError(400, _go_json_error(raw))
                if path == "/api/show":
                    self._json(200, owner.show(body))
                else:
                    self._inference(path, body, fault)
        except ApiError as err:
            self._json(err.status, {"error": err.message})
        except OSError:  # the client went away (timeout, cut, garbage): nothing left to answer
            self.close_connection = True

    def _inference(self, path: str, body: dict[str, Any], fault: Fault | None) -> None:
        stream, responses = self.server.owner.inference(path, body)
        if fault == "busy":
            raise ApiError(503, BUSY_ERROR)
        after = self.server.owner.fault_after_chunks
        if not stream:
            self._whole(path, responses, fault)
            return
        self.send_response(200)
        self.send_header("Content-Type", "application/x-ndjson")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        sent = 0
        try:
            for obj in responses:
                if fault in ("cut", "error_midstream", "garbage") and (sent >= after or obj["done"]):
                    if fault == "cut":
                        self._abort()
                        return
                    self._chunk(
                        GARBAGE_LINE
                        if fault == "garbage"
                        else json.dumps({"error": RUNNER_DIED_ERROR}).encode() + b"\n"
                    )
                    break
                self._chunk(json.dumps(obj, separators=(",", ":")).encode() + b"\n")
                sent += 1
        except Exception as exc:  # a model failure mid-stream, reported as Ollama does
            if isinstance(exc, OSError):  # a socket write failed: the client is gone
                raise
            log.exception("generation failed")
            self._chunk(json.dumps({"error": str(exc)}).encode() + b"\n")
        finally:
            close = getattr(responses, "close", None)
            if close is not None:
                close()
        self.wfile.write(b"0\r\n\r\n")

    def _whole(self, path: str, responses: Iterator[dict[str, Any]], fault: Fault | None) -> None:
        """stream=false: join the chunks as routes.go does, then one JSON object."""
        if fault == "error_midstream":
            raise ApiError(500, RUNNER_DIED_ERROR)
        key = "message" if path == "/api/chat" else "response"
        parts, last = [], {}
        try:
            for obj in responses:
                parts.append(obj[key]["content"] if key == "message" else obj[key])
                last = obj
        except Exception as exc:  # ApiError included: reported as routes.go does, 500 {"error": ...}
            log.exception("generation failed")
            raise ApiError(getattr(exc, "status", 500), str(exc)) from exc
        text = "".join(parts)
        if key == "message":
            last["message"] = {"role": "assistant", "content": text}
        else:
            last["response"] = text
        data = json.dumps(last, separators=(",", ":")).encode()
        if fault == "garbage":
            self._send(200, GARBAGE_LINE)
        elif fault == "cut":
            self.send_response(200)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data[: len(data) // 2])
            self._abort()
        else:
            self._send(200, data)


def _go_json_error(raw: bytes) -> str:
    """Roughly what Go's encoding/json says about a body that is not a JSON object."""
    text = raw.decode("utf-8", "replace").strip()
    try:
        value = json.loads(text)
    except json.JSONDecodeError as err:
        if err.pos >= len(text):
            return "unexpected EOF"
        return f"invalid character {text[err.pos]!r} looking for beginning of value"
    kinds = {list: "array", str: "string", int: "number", float: "number", bool: "bool"}
    kind = kinds.get(type(value), "null")
    return f"json: cannot unmarshal {kind} into Go value of type map[string]interface {{}}"
