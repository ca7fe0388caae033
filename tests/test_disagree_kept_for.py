"""How long something is kept, asked of its owner ("customers' prompts"), differs only by another length of
the keeping: the data processing addendum's "retained for thirty (30) days" is the other side to a forum's "90
days", not its "fourteen (14) days' notice" to the Customer — read through the real retrieval and embedder."""

from __future__ import annotations

from typing import Any

import pytest

from rag.config import Settings
from tests.test_compose import indexed
from tests.test_compose_documents import ask

DPA = """BRIGHTSTONE CLOUD SERVICES LTD - DATA PROCESSING ADDENDUM (v3.2)

3. RETENTION

3.1 Standard retention. Prompt Data and Output Data are retained for thirty (30) days for the purpose of
    abuse and misuse monitoring and are then permanently deleted.

7. SUB-PROCESSORS

7.2 Brightstone shall give the Customer at least fourteen (14) days' notice of any new Sub-processor.
"""

THREAD = """# Moving off Brightstone: is self-hosting Tamsin worth it?

**quaylight** commented on 3 March 2026

Slightly off topic but relevant to the "why not just stay on Brightstone" question: Brightstone keeps your
prompt logs for 90 days by default. That alone was enough for our compliance team.
"""


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory, embedder: Any) -> Settings:
    return indexed(
        tmp_path_factory.mktemp("kept_for"), embedder, {"brightstone_dpa.txt": DPA, "forum_thread.md": THREAD}
    )


def test_the_other_side_is_another_length_of_the_keeping(corpus: Settings, embedder: Any) -> None:
    answer = ask(corpus, embedder, "How long does Brightstone keep customers' prompts by default?")
    stances = [side["stance"] for d in answer.disagreements for side in d["sides"]]
    assert any("thirty (30) days" in s for s in stances)
    assert not any("fourteen (14) days" in s for s in stances)
