"""The ``bot`` command: index, ask, search, import, serve."""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from pathlib import Path

from bot.corpus.article import CorpusError
from bot.settings import Settings, get_settings


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    settings = _settings(args)
    try:
        return args.handler(args, settings)
    except CorpusError as exc:
        print(f"语料错误 / corpus error: {exc}", file=sys.stderr)
        return 2
    except ValueError as exc:
        print(f"错误 / error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        # `bot ask … | head`: the reader has gone; say nothing more (the Python docs' recipe)
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1


# The fitted reranker replaces the retriever's order only when it gains at least this much of
# tuning hit@1 + lead_ok: a smaller gain is a handful of turns, noise that need not carry over.
RERANKER_MARGIN = 0.01


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="bot", description="医保个人账户政策问答机器人")
    parser.add_argument("--corpus", type=Path, help="corpus folder (default: corpus/)")
    parser.add_argument("--index-dir", type=Path, help="index folder (default: index/)")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("index", help="build the BM25 and FAISS index from the corpus")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.set_defaults(handler=_cmd_index)

    p = sub.add_parser("ask", help="answer one question with citations")
    p.add_argument("question")
    p.add_argument("--city", help="the asker's city, e.g. 济南")
    p.add_argument("--json", action="store_true", help="print the /api/chat response shape")
    p.set_defaults(handler=_cmd_ask)

    p = sub.add_parser("search", help="ranked passages with scores")
    p.add_argument("query")
    p.add_argument("--city", help="rank this city's and its province's passages first")
    p.add_argument("-k", type=int, default=5, help="how many passages (default 5)")
    p.add_argument("--mode", choices=["hybrid", "bm25", "dense"], default="hybrid")
    p.set_defaults(handler=_cmd_search)

    p = sub.add_parser("import", help="turn plain-text pages (the ../shared/seeds layout) into checked draft articles")
    p.add_argument("paths", nargs="+", type=Path)
    p.add_argument("--report", type=Path, help="write every page's flagged sentences to this JSON file")
    p.set_defaults(handler=_cmd_import)

    p = sub.add_parser("review", help="list the imported drafts and their flags, or decide on one draft")
    p.add_argument("article", nargs="?", help="a draft's id")
    p.add_argument("--approve", type=int, nargs="+", default=[], metavar="N", help="flagged sentences that may be quoted")
    p.add_argument("--reject", type=int, nargs="+", default=[], metavar="N", help="flagged sentences never to quote")
    p.add_argument("--publish", action="store_true", help="make the draft a vetted article (every flag decided)")
    p.set_defaults(handler=_cmd_review)

    p = sub.add_parser("eval", help="measure intent, city, retrieval, facts and citations on the evaluation set")
    p.add_argument("--dataset", type=Path, default=Path(__file__).resolve().parent.parent / "eval",
                   help="a dialogues YAML file or a folder of them (default: eval/)")
    p.add_argument("--calibrate", action="store_true",
                   help="set the 'I do not know' threshold from the tuning part and save it first")
    p.add_argument("--split", choices=("tune", "heldout", "both"), default="both",
                   help="which part to measure (default: both)")
    p.add_argument("--failures", action="store_true",
                   help="list the tuning turns the hybrid gets wrong (never held-back ones)")
    p.set_defaults(handler=_cmd_eval)

    p = sub.add_parser("serve", help="serve the HTTP API")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--workers", type=int, default=1,
                   help="API processes; more than one needs BOT_REDIS_URL so they share sessions")
    p.set_defaults(handler=_cmd_serve)
    return parser


def _settings(args: argparse.Namespace) -> Settings:
    overrides = {}
    if args.corpus is not None:
        overrides["corpus_dir"] = args.corpus
    if args.index_dir is not None:
        overrides["index_dir"] = args.index_dir
    return get_settings().model_copy(update=overrides) if overrides else get_settings()


def _cmd_index(args: argparse.Namespace, settings: Settings) -> int:
    from bot.index.build import build_index

    report = build_index(settings, progress=not args.quiet)
    print(f"索引完成 / index built: {report.articles} articles, {report.passages} passages, "
          f"{report.folded} near-duplicate passages folded, {report.seconds:.1f} s → {report.path}")
    if report.stale:
        print(f"注意 / warning: {len(report.stale)} articles older than {settings.stale_after_days} days or undated: "
              + ", ".join(report.stale))
    return 0


def _load(settings: Settings):
    from bot.index.store import ensure_index

    return ensure_index(settings, progress=sys.stderr.isatty())


def _cmd_ask(args: argparse.Namespace, settings: Settings) -> int:
    from bot.answer.calibration import load_min_confidence
    from bot.answer.compose import Answerer

    city, province = _city_option(args.city)
    answerer = Answerer(_load(settings), settings.answer_passages, load_min_confidence(settings.min_confidence))
    answer = answerer.answer(args.question, city=city, province=province)
    if args.json:
        print(json.dumps(answer.as_chat_dict(session_id="cli"), ensure_ascii=False, indent=2))
    else:
        print(answer.render_full())
    return 0


def _cmd_search(args: argparse.Namespace, settings: Settings) -> int:
    from bot.retrieve.hybrid import HybridRetriever

    if args.k < 1:
        raise ValueError("-k must be at least 1")
    city, province = _city_option(args.city)
    retriever = HybridRetriever(_load(settings))
    hits = retriever.run(args.query, city=city, province=province, top_k=args.k, mode=args.mode)
    if not hits:
        print("没有找到相关段落 / no matching passages")
    for rank, hit in enumerate(hits, 1):
        p = hit.passage
        print(f"{rank}. [{hit.score:.4f}] {p.title} · {p.heading}（{p.region or '全国'}，{p.published or '日期不详'}）")
        print(f"   {p.text[:120]}{'…' if len(p.text) > 120 else ''}")
        others = sorted({m.region or "全国" for m in retriever.members(p)} - {p.region or "全国"})
        if others:
            print(f"   同样的内容也发布于 / also published for: {'、'.join(others)}")
    return 0


FLAG_KINDS = ("contradicts", "unverified", "off_topic", "boilerplate")


def _cmd_import(args: argparse.Namespace, settings: Settings) -> int:
    from collections import Counter

    from bot.corpus.importer import import_files

    done, refused = import_files(args.paths, settings.corpus_dir, progress=sys.stderr.isatty())
    for item in done:
        place = item.article.city or item.article.province or "全国"
        counts = Counter(f.kind for f in item.flags)
        flagged = ", ".join(f"{kind} {counts[kind]}" for kind in FLAG_KINDS)
        print(f"导入 / imported: {item.source_path} → {item.written_to}（{place}，{item.article.published}）"
              f" draft; flagged: {flagged}")
    for reason in refused:
        print(f"拒绝 / refused: {reason}", file=sys.stderr)
    if args.report:
        args.report.write_text(json.dumps([item.report() for item in done], ensure_ascii=False, indent=2) + "\n",
                               encoding="utf-8")
        print(f"报告 / report: {args.report}")
    return 1 if refused else 0


def _cmd_review(args: argparse.Namespace, settings: Settings) -> int:
    from bot.corpus import review

    if args.article is None:
        if args.approve or args.reject or args.publish:
            raise ValueError("name the draft: bot review ID --approve N …")
        pending = review.drafts(settings.corpus_dir)
        if not pending:
            print("没有待审稿件 / no drafts to review")
        for path, article in pending:
            flags = article.review.flags if article.review else []
            open_flags = sum(f.decision == "pending" for f in flags)
            print(f"{article.id}（{article.city or article.province or '全国'}，{article.published or '日期不详'}）"
                  f"{article.title}: {len(flags)} flagged, {open_flags} pending — {path.name}")
            for f in flags:
                rule = f"，违反 {f.rule}" if f.rule else ""
                print(f"  [{f.n}] {f.kind}{rule} · {f.decision}: {f.sentence}  ({f.why})")
        return 0
    try:
        article = review.decide(settings.corpus_dir, args.article, args.approve, args.reject, args.publish)
    except review.ReviewError as exc:
        print(f"错误 / error: {exc}", file=sys.stderr)
        return 2
    flags = article.review.flags if article.review else []
    print(f"{article.id}: {article.status}; " + ", ".join(f"[{f.n}] {f.decision}" for f in flags)
          + "。运行 bot index 后生效 / run bot index for it to take effect")
    return 0


def _cmd_eval(args: argparse.Namespace, settings: Settings) -> int:
    from bot.answer.calibration import load_min_confidence, save_calibration
    from bot.answer.compose import Answerer
    from bot.eval.dataset import load_dialogues
    from bot.eval.runner import (SPLITS, calibrate, calibrate_lines, evaluate, failures, fit_line_weights, fit_reranker,
                                 format_table, reranker_score)
    from bot.retrieve import rerank

    dialogues = load_dialogues(args.dataset)
    answerer = Answerer(_load(settings), settings.answer_passages, load_min_confidence(settings.min_confidence))
    if args.calibrate:
        weights, bias, rows = fit_reranker(answerer, dialogues)
        fitted, without = rerank.Reranker(weights, bias), rerank.Reranker(None)
        scores = {name: reranker_score(answerer, dialogues, r) for name, r in (("fitted", fitted), ("off", without))}
        enabled = scores["fitted"] >= scores["off"] + RERANKER_MARGIN
        path = rerank.save(weights, bias, {"fitted_on": f"{args.dataset.name} (tune split)", "pairs": rows,
                                           "tune_hit1_plus_lead_ok": scores}, enabled=enabled)
        answerer.reranker = fitted if enabled else without
        print(f"reranker fitted on {rows} pairs; tuning hit@1 + lead_ok {scores['fitted']:.3f} fitted, "
              f"{scores['off']:.3f} in the retriever's order → {'on' if enabled else 'off'} ({path})")
        threshold, accuracy, used = calibrate(answerer, dialogues)
        answerer.min_confidence = threshold
        line_weights, pairs = fit_line_weights(answerer, dialogues)
        answerer.lines.set_weights(line_weights)
        line_threshold, table = calibrate_lines(answerer, dialogues)
        answerer.lines.threshold = line_threshold
        path = save_calibration({"min_confidence": threshold, "line_threshold": line_threshold},
                                {"line_weights": {k: round(v, 4) for k, v in line_weights.items()},
                                 "calibrated_on": f"{args.dataset.name} (tune split)", "turns": used,
                                 "accuracy": round(accuracy, 4), "line_pairs": pairs, "line_threshold_scores": table})
        print(f"'I do not know' threshold: {threshold:.4f} (accuracy {accuracy:.3f} on {used} tuning turns); "
              f"line threshold {line_threshold:.2f} → {path}")
    if args.failures:
        print("\n".join(failures(answerer, dialogues)))
    splits = SPLITS if args.split == "both" else (args.split,)
    turns = sum(len(d.turns) for d in dialogues)
    print(f"{len(dialogues)} dialogues, {turns} turns; threshold {answerer.min_confidence:.4f}, "
          f"line threshold {answerer.lines.threshold:.2f}, reranker {'on' if answerer.reranker.enabled else 'off'}")
    print(format_table(evaluate(answerer, dialogues, splits)))
    return 0


def _cmd_serve(args: argparse.Namespace, settings: Settings) -> int:
    import uvicorn

    from bot.api import access_log
    from bot.api.app import create_app
    from bot.index.store import ensure_index

    if args.workers < 1:
        raise ValueError("--workers must be at least 1")
    access_log.configure()
    # uvicorn's access log writes query strings, and its proxy handling trusts 127.0.0.1: the app
    # logs for itself and believes X-Forwarded-For only from BOT_TRUSTED_PROXIES
    server = {"host": args.host, "port": args.port, "log_level": "info", "access_log": False, "proxy_headers": False}
    if args.workers == 1:
        uvicorn.run(create_app(settings), **server)
        return 0
    if not settings.redis_url:
        raise ValueError("--workers > 1 needs BOT_REDIS_URL: with SQLite one session's turns could interleave")
    ensure_index(settings, progress=sys.stderr.isatty())  # build once, before the workers start
    # workers build their own settings from the environment: hand them the command line's folders
    os.environ.update(BOT_CORPUS_DIR=str(settings.corpus_dir), BOT_INDEX_DIR=str(settings.index_dir))
    uvicorn.run("bot.api.app:create_served_app", factory=True, workers=args.workers, **server)
    return 0


def _city_option(value: str | None) -> tuple[str | None, str | None]:
    """``--city 济南市`` or ``--city 济南`` → (济南, 山东); a province alone gives (None, 山东)."""
    if value is None:
        return None, None
    from bot.text.geo import find_places

    places = find_places(value)
    if not places:
        raise ValueError(f"未知城市 / unknown city: {value!r}")
    return places[0].city, places[0].province
