"""All settings in one typed object, read from the environment (prefix ``BOT_``) and an optional
``.env`` file. No other module reads ``os.environ``."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent

# The value of ``embedding_model`` that selects the embedder trained from the corpus at index time.
TRAINED_STATIC = "static-jieba"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="BOT_", env_file=".env", extra="ignore")

    corpus_dir: Path = Field(PROJECT_ROOT / "corpus", description="Folder of article Markdown files")
    index_dir: Path = Field(PROJECT_ROOT / "index", description="Where `bot index` writes its builds")
    embedding_model: str = Field(
        TRAINED_STATIC,
        description="'static-jieba' (trained from the corpus) or any sentence-transformers name/path",
    )
    embedding_dim: int = Field(256, ge=8, le=4096, description="Size of the trained static embedder")
    train_epochs: int = Field(8, ge=1, le=100)
    train_seed: int = Field(20241126, description="Seed that makes the trained embedder deterministic")
    train_max_pairs: int = Field(20_000, ge=100, description="Training pairs drawn (seeded) from a large corpus")
    train_members: int = Field(3, ge=1, le=8, description="Static embedders trained with successive seeds and averaged")
    hnsw_min_rows: int = Field(20_000, ge=1, description="From this many passages FAISS uses HNSW instead of flat")
    fold_near_duplicates: bool = Field(True, description="Fold city-swapped copies of one text into one passage")
    db_path: Path = Field(PROJECT_ROOT / "var" / "bot.sqlite3", description="SQLite file for sessions and feedback")
    min_confidence: float | None = Field(
        None, ge=0, le=1, description="override the calibrated 'I do not know' threshold (bot/data/calibration.json)"
    )
    answer_passages: int = Field(4, ge=1, le=10, description="Passages an answer may quote")
    redis_url: str | None = Field(None, description="redis://host:6379/0 to share sessions between API processes")
    admin_token: str | None = Field(None, description="token for POST /admin/reload; unset disables the endpoint")
    rate_limit_per_minute: int = Field(120, ge=0, description="requests per client address per minute; 0 = off")
    max_body_bytes: int = Field(16 * 1024, ge=256, description="larger request bodies get a 413")
    cors_origins: list[str] = Field(default_factory=list, description="origins allowed to call the API from a browser")
    wechat_token: str | None = Field(None, description="WeChat Official Account server token; unset disables /wechat")
    wechat_max_age_seconds: int = Field(300, ge=1, description="older signed WeChat requests are refused")
    wechat_aes_key: str | None = Field(
        None, description="the 43-character EncodingAESKey of WeChat's safe mode (安全模式); unset = plain mode only"
    )
    wechat_app_id: str | None = Field(None, description="the Official Account's AppID, checked in decrypted messages")
    wechat_per_minute: int = Field(20, ge=0, description="messages per WeChat user (OpenID) per minute; 0 = off")
    retention_days: int = Field(30, ge=1, description="conversations older than this are deleted")
    trusted_proxies: list[str] = Field(
        default_factory=list, description="proxy addresses whose X-Forwarded-For is believed; none by default"
    )
    service_operator: str = Field(
        "医保政策小助手项目", max_length=60, description="who runs this service, named on the chat's first screen"
    )
    stale_after_days: int = Field(5 * 365, ge=1, description="Articles older than this are warned about")


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
