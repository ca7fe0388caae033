"""3. refresh: `rag ingest` on an unchanged corpus; refresh after one changed document vs its share of a
full ingest measured in the same rounds, in the bench index and in a synthetic one of 100k chunks."""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from bench.common import built_index, child_env, embedders, rag_bin, settings_for, timed
from bench.context import Context
from bench.pairs import Series, interleave, ratio
from bench.process import run_measured
from bench.rows import make_row, ratio_row
from rag.config import Settings

if TYPE_CHECKING:
    from llama_index.core.base.embeddings.base import BaseEmbedding


@dataclass
class RefreshRound:
    """One round: a document changed and refreshed, a no-op `rag ingest` as a fresh process, and the
    reference, a full ingest of the same corpus into a fresh index."""

    ctx: Context
    settings: Settings
    full_settings: Settings
    embedder: BaseEmbedding
    changed: Path  # the document changed in each round
    runs: list[dict[str, int]] = field(default_factory=list)  # chunks written of the total, per round

    def __call__(self, k: int) -> dict[str, float]:
        from rag.ingest import refresh

        with self.changed.open("a", encoding="utf-8") as fh:
            fh.write(f"\n\nA paragraph added by the benchmark, round {k + 1}, to change this document.\n")
        t_changed, report = timed(lambda: refresh(self.settings, embedder=self.embedder))
        share = report.chunks_written / report.chunks_total
        done = run_measured([rag_bin(), "ingest", "--json"], child_env(self.settings), 300)
        if done.code != 0:
            raise RuntimeError(f"rag ingest failed: {done.stderr}")
        noop = json.loads(done.stdout)
        if noop["added"] or noop["updated"] or noop["removed"]:
            raise RuntimeError(f"the no-op refresh changed something: {noop}")
        shutil.rmtree(self.full_settings.index_dir, ignore_errors=True)
        t_full = timed(lambda: refresh(self.full_settings, embedder=self.embedder))[0]
        tokens = token_share(self.settings, self.changed.name)
        self.runs.append({"written": report.chunks_written, "total": report.chunks_total})
        self.ctx.say(
            f"round {k + 1}: one changed {t_changed:.2f} s ({report.chunks_written} of {report.chunks_total} "
            f"chunks, {tokens:.1%} of the tokens), no-op {noop['seconds']:.2f} s "
            f"(process {done.seconds:.2f} s), full ingest {t_full:.1f} s"
        )
        return {
            "changed": t_changed,
            "full_share": t_full * share,
            "full_token_share": t_full * tokens,
            "full": t_full,
            "noop": float(noop["seconds"]),
            "noop_process": done.seconds,
        }


def token_share(settings: Settings, name: str) -> float:
    """The share of the index's tokens in the chunks of document `name`: what embedding it costs of a
    full ingest (embedding is ~85 % of either), where a share of chunks counts a long chunk as a short one."""
    from llama_index.core.schema import MetadataMode

    from rag.embeddings import load_tokenizer
    from rag.vectors import live_nodes

    encode = load_tokenizer(settings)
    current = (settings.index_dir / "CURRENT").read_text(encoding="utf-8").strip()
    counts = [
        (n.metadata["doc_id"] == name, len(encode(n.get_content(metadata_mode=MetadataMode.EMBED))))
        for n in live_nodes(settings, settings.index_dir, current)
    ]
    return sum(c for mine, c in counts if mine) / sum(c for _, c in counts)


@dataclass
class ScaleRound:
    """One round at scale: a document changed and refreshed in a large (synthetic) index, then the
    reference, a full ingest of the bench corpus, for the seconds a chunk costs to ingest."""

    ctx: Context
    large: Settings
    full_settings: Settings
    embedder: BaseEmbedding
    changed: Path  # a real document, in the large index's corpus
    runs: list[dict[str, int]] = field(default_factory=list)

    def __call__(self, k: int) -> dict[str, float]:
        from rag.ingest import refresh

        with self.changed.open("a", encoding="utf-8") as fh:
            fh.write(f"\n\nA paragraph added by the benchmark, round {k + 1}, to change this document.\n")
        t_changed, report = timed(lambda: refresh(self.large, embedder=self.embedder))
        shutil.rmtree(self.full_settings.index_dir, ignore_errors=True)
        t_full, full = timed(lambda: refresh(self.full_settings, embedder=self.embedder))
        share = t_full * report.chunks_written / full.chunks_total
        self.runs.append({"written": report.chunks_written, "total": report.chunks_total})
        self.ctx.say(
            f"round {k + 1}: one changed {t_changed:.2f} s ({report.chunks_written} of "
            f"{report.chunks_total:,} chunks), its share of a full ingest {share:.2f} s"
        )
        return {"changed": t_changed, "allowed": 2 * share + 1.0}


def bench_refresh_at_scale(ctx: Context) -> None:
    """Refresh of one changed document in an index of the largest retrieval size (100k chunks)."""
    from bench.retrieval import build_synthetic
    from rag.ingest import refresh

    n = max(ctx.options.sizes)
    ctx.say(f"building a synthetic index of {n:,} chunks for the refresh at scale (untimed)…")
    large = build_synthetic(ctx, n)
    embedder = embedders(ctx)[1]
    docs = sorted(built_index(ctx).corpus_dir.glob("*.md"), key=lambda p: p.stat().st_size)
    changed = large.corpus_dir / docs[len(docs) // 2].name  # a median-sized real document
    shutil.copy(docs[len(docs) // 2], changed)
    added = refresh(large, embedder=embedder)  # untimed
    if added.note or added.chunks_written == added.chunks_total:
        raise RuntimeError(
            f"the refresh at scale rebuilt the synthetic index instead of adding to it: {added.note}"
        )
    one_round = ScaleRound(ctx, large, settings_for(ctx, "refresh-scale-full"), embedder, changed)
    series = interleave(one_round, ctx.options.rounds, [("changed", "allowed")], ctx.options.more, ctx.say)
    series["changed"].name, series["allowed"].name = "refresh at scale", "2 × share + 1 s"
    ctx.details["refresh_at_scale"] = {"runs": one_round.runs, **{k: s.values for k, s in series.items()}}
    written, total = one_round.runs[-1]["written"], one_round.runs[-1]["total"]
    ctx.keep(
        make_row(
            "refresh",
            f"one changed document in a {total:,}-chunk index: seconds ({written} chunks)",
            series["changed"],
            "s",
        ),
        ratio_row(
            "refresh",
            f"one changed document in a {total:,}-chunk index ÷ (2 × its share of a full ingest + 1 s)",
            ratio(series["changed"], series["allowed"]),
            "x",
            1.0,
            note="a refresh writes only its own segment; it reads the older ones where they are",
        ),
    )
    shutil.rmtree(large.index_dir, ignore_errors=True)
    shutil.rmtree(large.corpus_dir, ignore_errors=True)


def bench_refresh(ctx: Context) -> None:
    from rag.ingest import refresh

    settings = built_index(ctx)
    embedder = embedders(ctx)[1]
    docs = sorted(settings.corpus_dir.glob("*.md"), key=lambda p: p.stat().st_size)
    changed = docs[len(docs) // 2]  # a median-sized document
    refresh(settings, embedder=embedder)  # settle, untimed
    one_round = RefreshRound(ctx, settings, settings_for(ctx, "refresh-full"), embedder, changed)
    pairs = [("changed", "full_token_share"), ("changed", "full_share")]
    series = interleave(one_round, ctx.options.rounds, pairs, ctx.options.more, ctx.say)
    series["changed"].name, series["full_share"].name = "refresh", "full ingest × share"
    series["noop"].name, series["full"].name = "no-op", "full ingest"
    ctx.details["refresh"] = {
        "document": changed.name,
        "runs": one_round.runs,
        **{k: s.values for k, s in series.items()},
    }
    report_refresh(ctx, series, one_round.runs[-1])
    bench_refresh_at_scale(ctx)


def report_refresh(ctx: Context, series: dict[str, Series], last: dict[str, int]) -> None:
    written, total = last["written"], last["total"]
    ctx.keep(
        make_row("refresh", "no-op `rag ingest`: work (report's seconds)", series["noop"], "s", 1.0),
        ratio_row(
            "refresh",
            "no-op `rag ingest`: work ÷ full ingest",
            ratio(series["noop"], series["full"]),
            "share",
            2.0,
        ),
        make_row(
            "refresh", "no-op `rag ingest`: whole process, start-up included", series["noop_process"], "s"
        ),
        make_row(
            "refresh", f"one changed document: seconds ({written} of {total} chunks)", series["changed"], "s"
        ),
        ratio_row(
            "refresh",
            "one changed document ÷ (full ingest × its share of tokens)",
            ratio(series["changed"], series["full_token_share"]),
            "x",
            1.3,
            note="fixed costs: chunking the document, Chroma's add, reading the base's segments",
        ),
        ratio_row(
            "refresh",
            "one changed document ÷ (full ingest × its share of chunks)",
            ratio(series["changed"], series["full_share"]),
            "x",
            note="its chunks are longer than the corpus's average: more tokens to embed per chunk",
        ),
    )
