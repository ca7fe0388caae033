"""Settings: environment (`RAG_*`, plus `OLLAMA_HOST` as Ollama reads it) + `.env` + defaults → one `Settings`.

Every knob the pipeline has lives here, with its reason; stages receive a `Settings` and never read the
environment themselves. Init keyword arguments override the environment, which is how tests set them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import AliasChoices, Field
from pydantic_settings import BaseSettings, SettingsConfigDict

# `mock` is the scripted model of rag/mock_llm.py: the tests' double and the page's demo, no model needed.
Backend = Literal["auto", "ollama", "embedded", "mock"]


class Settings(BaseSettings):
    # Frozen, so hashable: a `Settings` can key a cache (one loaded model per configuration) as it is, and
    # a variant is made with `model_copy(update=...)` rather than by assigning to a shared one.
    model_config = SettingsConfigDict(env_prefix="RAG_", env_file=".env", extra="ignore", frozen=True)

    # Where things live.
    corpus_dir: Path = Field(Path("corpus"), description="Folder of source documents (.md .txt .html .pdf).")
    index_dir: Path = Field(Path(".rag/index"), description="Folder holding the versioned index.")

    # Reading files.
    max_file_mb: float = Field(20.0, description="Larger files are skipped with a reason, to bound memory.")
    parse_timeout_s: float = Field(30.0, description="PDFs are parsed in a subprocess killed after this.")
    parse_memory_mb: int = Field(1024, description="Address-space cap for the PDF parsing subprocess.")

    # Chunking: sizes are in tokens of the embedding model's own tokenizer, so a chunk never exceeds the
    # 256-token window all-MiniLM-L6-v2 reads (the rest would be silently cut from its embedding).
    chunk_size: int = Field(160, description="Target chunk size, embedder tokens.")
    chunk_overlap: int = Field(24, description="Overlap between consecutive chunks of a section, tokens.")

    # Embeddings.
    embed_model: str = Field("all-MiniLM-L6-v2", description="Packaged model name, or a local model folder.")
    embed_backend: Literal["torch", "onnx"] = Field(
        "onnx", description="onnx (same vectors, no torch import: seconds off every start) or torch."
    )
    embed_batch_size: int = Field(32, description="Texts per encoder batch.")

    # Retrieval.
    top_k: int = Field(5, description="Passages given to the model.")
    compose_k: int = Field(
        10, description="Passages whose spans the composer scores (more than a model reads: spans are cheap)."
    )
    use_flagged_documents: bool = Field(
        False,
        description="Answer from documents flagged at ingest for addressing AI assistants (injection risk).",
    )
    candidate_k: int = Field(20, description="Candidates taken from each retriever before fusion.")
    rrf_k: int = Field(60, description="Reciprocal-rank-fusion constant (Cormack et al. use 60).")
    dense_weight: float = Field(1.0, description="Weight of the dense ranking in the fusion.")
    bm25_weight: float = Field(1.0, description="Weight of the BM25 ranking in the fusion.")
    min_relevance: float = Field(
        0.15, description="Best dense cosine below which the corpus is taken not to cover the question."
    )

    # Grounding.
    # 0.8, not 0.6: at 0.6 a 135M model's garbled paraphrases passed ("PaLM 2 is a Google product that
    # uses a proprietary open-source model"); see evals/EXPERIMENTS.md.
    support_threshold: float = Field(
        0.8, description="Share of a sentence's content words its cited passage must contain."
    )
    evidence_threshold: float = Field(
        0.55,
        description="Cosine between question and a passage sentence for it to be quoted as evidence; "
        "when no sentence reaches it (and no drafted sentence survives) the answer is a refusal.",
    )
    evidence_max: int = Field(3, description="At most this many quoted evidence sentences.")
    evidence_window: float = Field(0.2, description="Quote sentences scoring within this of the best one.")
    draft_relevance: float = Field(
        0.5, description="Cosine between question and a drafted sentence for it to stay in the answer."
    )

    # Generation.
    answer_with_model: Literal["auto", "always", "never"] = Field(
        "auto",
        description="Who words the answer: auto = Ollama's model when it answers, else the documents' own "
        "spans (the embedded 135M model's drafts add no facts: evals/EXPERIMENTS.md); always; never.",
    )
    backend: Backend = Field(
        "auto",
        description="auto: Ollama when it answers, else the embedded model; mock: a scripted model (tests, demo).",
    )
    ollama_host: str = Field(
        "http://127.0.0.1:11434",
        validation_alias=AliasChoices("OLLAMA_HOST", "RAG_OLLAMA_HOST"),
        description="Ollama server, read from OLLAMA_HOST like Ollama's own tools do.",
    )
    ollama_model: str = Field("llama3.2:3b", description="Model name as `ollama pull` takes it.")
    ollama_timeout_s: float = Field(120.0, description="The ollama client has no timeout by default.")
    ollama_probe_timeout_s: float = Field(1.5, description="How long `auto` waits to see if Ollama answers.")
    num_ctx: int = Field(4096, description="Context window asked of Ollama (passed in options).")
    embedded_model_path: Path | None = Field(None, description="GGUF file; default: the packaged SmolLM2.")
    embedded_n_ctx: int = Field(2048, description="Context window of the embedded model.")
    embedded_threads: int | None = Field(None, description="llama.cpp threads; default: all cores.")
    max_answer_tokens: int = Field(200, description="Tokens reserved for the answer.")
    temperature: float = Field(0.0, description="0: the same question gives the same answer.")
    seed: int = Field(42, description="Fixed sampling seed, for reproducible answers.")

    # Chroma server mode ("beyond one machine").
    chroma_host: str | None = Field(
        None, description="Use Chroma's HTTP server at this host instead of disk."
    )
    chroma_port: int = Field(8000, description="Port of the Chroma server.")
