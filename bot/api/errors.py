"""Bad input gets a 4xx with a clear message in Chinese and English, never a 500."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from bot.api.schemas import MAX_MESSAGE_CHARS
from bot.store.base import StoreUnavailable, UnknownSession


log = logging.getLogger(__name__)


def bilingual(zh: str, en: str, **extra) -> dict:
    return {"detail": {"zh": zh, "en": en, **extra}}


def _explain(error: dict) -> tuple[str, str]:
    kind = error.get("type", "")
    field = ".".join(str(p) for p in error.get("loc", ()) if p != "body") or "body"
    if kind == "json_invalid":
        return "请求不是有效的 JSON。", "The request body is not valid JSON."
    if kind == "extra_forbidden":
        return f"不认识的字段：{field}。", f"Unknown field: {field}."
    if kind == "missing":
        return f"缺少字段：{field}。", f"Missing field: {field}."
    if field == "message" and kind == "string_too_long":
        return f"消息太长了，请不要超过{MAX_MESSAGE_CHARS}个字。", f"The message is longer than {MAX_MESSAGE_CHARS} characters."
    if field == "message" and kind == "value_error":
        return "消息不能为空。", "The message must not be empty."
    if kind.endswith("_type") or kind == "model_attributes_type":
        return f"字段 {field} 的类型不对。", f"Field {field} has the wrong type."
    return f"字段 {field} 的值不符合要求。", f"Field {field} is not valid: {error.get('msg', '')}"


async def _validation_handler(request: Request, exc: RequestValidationError) -> JSONResponse:
    errors = exc.errors()
    zh, en = _explain(errors[0]) if errors else ("请求格式不正确。", "The request is not valid.")
    fields = [
        {"loc": [str(p) for p in e.get("loc", ())], "type": e.get("type"), "msg": e.get("msg")} for e in errors
    ]
    return JSONResponse(status_code=422, content=bilingual(zh, en, errors=fields))


# refusals raised with an English sentence only (the framework's own among them) get a Chinese one
PLAIN_ZH = {400: "请求格式不正确。", 401: "需要正确的令牌。", 403: "拒绝访问。", 404: "找不到这个地址。",
            405: "这个地址不支持这种请求方法。", 413: "请求内容太大。"}
UNPARSABLE_BODY = "There was an error parsing the body"  # FastAPI's words for bad UTF-8, deep nesting, huge numbers


async def _http_error_handler(request: Request, exc: StarletteHTTPException) -> JSONResponse:
    if isinstance(exc.detail, dict) and "zh" in exc.detail:
        content = {"detail": exc.detail}
    elif exc.detail == UNPARSABLE_BODY:
        content = bilingual("请求内容无法解析：请发送 UTF-8 编码、嵌套不过深、数字不过长的 JSON。",
                            "The request body could not be parsed: send UTF-8 JSON, not nested too deeply, "
                            "without overlong numbers.")
    else:
        content = bilingual(PLAIN_ZH.get(exc.status_code, "请求未能完成。"), str(exc.detail))
    return JSONResponse(status_code=exc.status_code, content=content, headers=exc.headers)


async def _unknown_session_handler(request: Request, exc: UnknownSession) -> JSONResponse:
    return JSONResponse(status_code=404, content=unknown_session())


async def _store_unavailable_handler(request: Request, exc: StoreUnavailable) -> JSONResponse:
    log.error("store unavailable, %s %s refused: %s", request.method, request.url.path, exc)
    return JSONResponse(status_code=503, headers={"retry-after": "30"}, content=bilingual(
        "服务暂时无法保存对话，请稍后再试；急事请拨打 12393 医保服务热线。",
        "The service cannot store conversations right now; nothing was saved. Please retry later."))


async def _unexpected_handler(request: Request, exc: Exception) -> JSONResponse:
    # the traceback is logged by the server; the client gets no internals
    return JSONResponse(status_code=500, content=bilingual("服务出错了，请稍后再试。", "Internal server error."))


def unknown_session() -> dict:
    return bilingual("找不到这个会话，请先用 POST /api/sessions 开始新的会话。",
                     "Unknown session_id: start a conversation with POST /api/sessions first.")


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(RequestValidationError, _validation_handler)
    app.add_exception_handler(StarletteHTTPException, _http_error_handler)
    app.add_exception_handler(UnknownSession, _unknown_session_handler)
    app.add_exception_handler(StoreUnavailable, _store_unavailable_handler)
    app.add_exception_handler(Exception, _unexpected_handler)
