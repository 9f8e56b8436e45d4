"""Operations: liveness, readiness, Prometheus metrics and a token-protected index reload."""

from __future__ import annotations

import logging

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import Response

from bot.api.deps import BotState, get_state, require_admin
from bot.api.errors import bilingual
from bot.index.store import CorruptIndexError

router = APIRouter(tags=["ops"])
log = logging.getLogger(__name__)


@router.get("/healthz", summary="The process is up")
def healthz() -> dict:
    return {"status": "ok"}


@router.get("/readyz", summary="The index is loaded and the session store can be used",
            responses={503: {"description": "Not ready: no index yet, or the store is not usable"}})
def readyz(request: Request) -> dict:
    state: BotState | None = getattr(request.app.state, "bot", None)
    if state is None:
        raise HTTPException(503, bilingual("索引尚未加载。", "The index is not loaded yet.")["detail"])
    fault = state.store.health()
    if fault:
        raise HTTPException(503, bilingual("无法读写会话存储。", f"The session store is not usable: {fault}")["detail"])
    manifest = state.index.manifest
    return {"status": "ready", "store": "ok", "articles": state.index.article_count, "passages": manifest["counts"]["passages"],
            "built_at": manifest["built_at"], "build": state.index.path.name}


@router.get("/metrics", summary="Prometheus metrics", response_class=Response)
def metrics(request: Request) -> Response:
    return Response(request.app.state.metrics.render(), media_type="text/plain; version=0.0.4")


@router.post(
    "/admin/reload",
    summary="Swap in the index `bot index` built last, without dropping a request",
    responses={401: {"description": "Missing or wrong token"}, 404: {"description": "Reload is not configured"},
               409: {"description": "The new index is corrupt or partial; the old one stays"}},
)
def reload_index(request: Request, state: BotState = Depends(get_state), _: None = Depends(require_admin)) -> dict:
    try:
        changed = state.reload()
    except CorruptIndexError as exc:
        request.app.state.metrics.reloads.labels("refused").inc()
        log.warning("index reload refused, keeping %s: %s", state.index.path.name, exc)
        raise HTTPException(409, bilingual("新索引已损坏，继续使用旧索引。", f"New index refused, old one kept: {exc}")["detail"]) from None
    request.app.state.metrics.reloads.labels("swapped" if changed else "unchanged").inc()
    return {"status": "swapped" if changed else "unchanged", "build": state.index.path.name}
