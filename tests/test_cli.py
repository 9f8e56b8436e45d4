"""The `bot` command as a user runs it."""

import json
import os
import subprocess
import sys

from tests.conftest import FIXTURES


def run_bot(settings, *args, check=True):
    env = {**os.environ, "BOT_CORPUS_DIR": str(settings.corpus_dir), "BOT_INDEX_DIR": str(settings.index_dir)}
    return subprocess.run([sys.executable, "-m", "bot", *args], capture_output=True, text=True, env=env, check=check)


def test_ask_prints_a_cited_family_sharing_answer(built_settings):
    out = run_bot(built_settings, "ask", "济南医保卡里的钱可以给家人用吗").stdout
    assert "家庭共济" in out and "[1]" in out and "来源：[1]" in out and "济南" in out


def test_ask_json_has_the_chat_shape(built_settings):
    data = json.loads(run_bot(built_settings, "ask", "医保卡的钱能取吗", "--city", "菏泽市", "--json").stdout)
    assert data["intent"] == "withdrawal" and data["city"] == "菏泽" and data["citations"]


def test_ask_json_is_json_even_when_it_builds_the_index_first(small_corpus, tmp_path):
    from tests.conftest import fast_settings

    settings = fast_settings(small_corpus, tmp_path / "fresh-index")
    env = {**os.environ, "BOT_CORPUS_DIR": str(small_corpus), "BOT_INDEX_DIR": str(settings.index_dir),
           "BOT_EMBEDDING_DIM": "32", "BOT_TRAIN_EPOCHS": "1"}
    result = subprocess.run([sys.executable, "-m", "bot", "ask", "--json", "济南医保能给家人用吗"], capture_output=True,
                            text=True, env=env, check=True)
    assert json.loads(result.stdout)["intent"] == "family_sharing"  # no training summary, no DEBUG lines
    assert "DEBUG" not in result.stderr


def test_a_reader_that_stops_early_gets_no_traceback(built_settings):
    """`bot ask … | head -1`: the pipe closes before the answer is written out."""
    env = {**os.environ, "BOT_CORPUS_DIR": str(built_settings.corpus_dir), "BOT_INDEX_DIR": str(built_settings.index_dir)}
    with subprocess.Popen([sys.executable, "-m", "bot", "ask", "医保卡里的钱能给家人用吗"], stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, env=env) as process:
        process.stdout.close()  # nobody reads the answer
        errors = process.stderr.read().decode("utf-8")
        process.wait(timeout=120)
    assert "Traceback" not in errors and "BrokenPipeError" not in errors


def test_unknown_city_is_a_clear_error(built_settings):
    result = run_bot(built_settings, "ask", "医保怎么转", "--city", "不存在的地方", check=False)
    assert result.returncode == 2 and "unknown city" in result.stderr


def test_search_prints_ranked_passages_with_scores(built_settings):
    out = run_bot(built_settings, "search", "医保 余额 查询", "--city", "济南", "-k", "3").stdout
    lines = [line for line in out.splitlines() if line[:2] in ("1.", "2.", "3.")]
    assert len(lines) == 3 and "济南" in lines[0]


def test_import_writes_corpus_files_and_reports_refusals(built_settings, tmp_path):
    env_settings = built_settings.model_copy(update={"corpus_dir": tmp_path})
    result = run_bot(env_settings, "import", str(FIXTURES / "plain_jinan_balance.txt"),
                     str(FIXTURES / "plain_no_date.txt"), check=False)
    assert result.returncode == 1
    assert "imported" in result.stdout and "refused" in result.stderr
    assert len(list(tmp_path.glob("import-*.md"))) == 1


def test_index_reports_counts(small_corpus, tmp_path):
    from tests.conftest import fast_settings

    settings = fast_settings(small_corpus, tmp_path / "index")
    env = {**os.environ, "BOT_CORPUS_DIR": str(small_corpus), "BOT_INDEX_DIR": str(settings.index_dir),
           "BOT_EMBEDDING_DIM": "32", "BOT_TRAIN_EPOCHS": "1"}
    out = subprocess.run([sys.executable, "-m", "bot", "index", "--quiet"], capture_output=True, text=True,
                         env=env, check=True).stdout
    assert "5 articles" in out and "passages" in out
