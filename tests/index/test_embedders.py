"""The trained embedder: the numpy fast path equals sentence-transformers, and one corpus gives
one set of vectors. A configured sentence-transformers model works through the same build."""

import json

import numpy as np

from bot.index.build import build_index
from bot.index.embedders import StaticLookupEmbedder
from bot.index.store import LoadedIndex
from bot.retrieve.hybrid import HybridRetriever
from tests.conftest import fast_settings

QUESTIONS = ["医保卡里的钱能给家人用吗", "个人账户能取现吗", "换城市工作医保怎么转", "医保还剩多少钱怎么查", "火星"]


def test_fast_path_gives_the_same_vectors_as_sentence_transformers(index):
    from sentence_transformers import SentenceTransformer

    from bot.index.embedders import prepare_static

    folder = index.path / "embedder"
    model = SentenceTransformer(str(folder), device="cpu")
    expected = model.encode([prepare_static(q) for q in QUESTIONS], convert_to_numpy=True)
    ensemble = StaticLookupEmbedder.load(folder)
    first = StaticLookupEmbedder(ensemble.tokenizer, ensemble.weights[:, : ensemble.dim // ensemble.parts])
    np.testing.assert_allclose(first.encode(QUESTIONS), expected, atol=1e-5)  # the saved model is the first member


def test_the_ensemble_scores_two_texts_by_the_mean_of_its_members_cosines(index):
    ensemble = StaticLookupEmbedder.load(index.path / "embedder")
    assert ensemble.parts == 3
    width = ensemble.dim // ensemble.parts
    members = [StaticLookupEmbedder(ensemble.tokenizer, ensemble.weights[:, i * width:(i + 1) * width])
               for i in range(ensemble.parts)]
    a, b = QUESTIONS[0], QUESTIONS[1]
    cosines = [float(m.encode([a])[0] @ m.encode([b])[0]) for m in members]
    assert len({round(c, 4) for c in cosines}) > 1  # trained with different seeds, they disagree
    vectors = ensemble.encode([a, b])
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert abs(float(vectors[0] @ vectors[1]) - np.mean(cosines)) < 1e-5


def test_answering_with_the_default_embedder_does_not_import_torch(built_settings):
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from bot.settings import Settings\n"
        "from bot.index.store import ensure_index\n"
        "from bot.answer.compose import Answerer\n"
        f"s = Settings(corpus_dir={str(built_settings.corpus_dir)!r}, index_dir={str(built_settings.index_dir)!r})\n"
        "a = Answerer(ensure_index(s)).answer('医保卡里的钱能给家人用吗')\n"
        "assert a.citations\n"
        "print('torch' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_same_corpus_gives_the_same_vectors(small_corpus, tmp_path):
    first = build_index(fast_settings(small_corpus, tmp_path / "a"), progress=False)
    second = build_index(fast_settings(small_corpus, tmp_path / "b"), progress=False)
    a = np.load(first.path / "embedder" / "static_weights.npy")
    b = np.load(second.path / "embedder" / "static_weights.npy")
    np.testing.assert_array_equal(a, b)


def _tiny_bert(folder, texts):
    """A two-layer BERT with a character vocabulary from the corpus, saved like a hub model."""
    import torch
    from transformers import BertConfig, BertModel, BertTokenizerFast

    chars = sorted({ch for text in texts for ch in text if not ch.isspace()})
    vocab = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"] + chars
    (folder / "vocab.txt").write_text("\n".join(vocab), encoding="utf-8")
    tokenizer = BertTokenizerFast(vocab_file=str(folder / "vocab.txt"), do_lower_case=False)
    torch.manual_seed(0)
    config = BertConfig(vocab_size=len(vocab), hidden_size=32, num_hidden_layers=2, num_attention_heads=2,
                        intermediate_size=64, max_position_embeddings=512)
    BertModel(config).save_pretrained(folder)
    tokenizer.save_pretrained(folder)
    return folder


def test_a_configured_sentence_transformers_model_builds_and_answers(small_corpus, tmp_path):
    texts = [p.read_text(encoding="utf-8") for p in small_corpus.glob("*.md")]
    (tmp_path / "tiny-bert").mkdir()
    model_dir = _tiny_bert(tmp_path / "tiny-bert", texts)
    settings = fast_settings(small_corpus, tmp_path / "index", embedding_model=str(model_dir))
    report = build_index(settings, progress=False)
    manifest = json.loads((report.path / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["embedder"] == {"kind": "sentence-transformers", "model": str(model_dir)}
    assert manifest["dimensions"] == 32
    index = LoadedIndex.load(report.path)
    hits = HybridRetriever(index).run("医保个人账户余额怎么查询", top_k=3, mode="dense")
    assert len(hits) == 3 and all(h.dense_rank for h in hits)
    hits = HybridRetriever(index).run("医保个人账户余额怎么查询", top_k=1)
    assert hits[0].passage.article_id == "bq-national-online"
