"""When two articles on the same thing disagree, the newer one ranks first and its date shows."""

from bot.answer.compose import Answerer
from bot.index.build import build_index
from bot.index.store import LoadedIndex
from bot.retrieve.hybrid import HybridRetriever
from tests.conftest import fast_settings

ARTICLE = """---
id: {id}
title: 测试城市医保钱包转账限额{label}
city: 青岛
province: 山东
topics: [family_sharing]
published: {date}
source: 测试来源{label}
questions: [医保钱包每天能转多少钱, 医保钱包转账有限额吗, 钱包转账一笔最多多少, 医保钱包限额, 钱包每天几笔]
---
## 一句话回答
{body}
"""


def test_newer_article_ranks_first_and_answer_gives_its_date(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "old.md").write_text(ARTICLE.format(
        id="wallet-old", label="（旧）", date="2023-03-01",
        body="青岛医保钱包转账每天最多转两笔。医保钱包每笔转账不超过一千元。"), encoding="utf-8")
    (corpus / "new.md").write_text(ARTICLE.format(
        id="wallet-new", label="（新）", date="2025-09-18",
        body="青岛医保钱包每笔转账上限为两千元。医保钱包每天可以转三笔。"), encoding="utf-8")
    index = LoadedIndex.load(build_index(fast_settings(corpus, tmp_path / "index"), progress=False).path)
    hits = HybridRetriever(index).run("医保钱包转账限额", city="青岛", province="山东", top_k=2)
    assert [h.passage.article_id for h in hits] == ["wallet-new", "wallet-old"]
    answer = Answerer(index).answer("青岛医保钱包转账有限额吗")
    assert answer.citations[0].date == "2025-09-18"
