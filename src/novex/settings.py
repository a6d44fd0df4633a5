"""One typed settings object, read from the environment (prefix NOVEX_)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Runtime settings; `NOVEX_DATABASE_URL` points at another database."""

    model_config = SettingsConfigDict(env_prefix="NOVEX_")

    data_dir: Path = Path("novex-data")
    database_url: str | None = None
    host: str = "127.0.0.1"
    port: int = 8000
    achtergrondkaart: str = "geen"  # "pdok": PDOK BRT-achtergrondkaart grijs under the maps (needs internet)

    @property
    def resolved_database_url(self) -> str:
        """The configured URL, or a SQLite file in the data directory."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'novex.db').resolve()}"


@cache
def get_settings() -> Settings:
    """The process-wide settings (read once)."""
    return Settings()
