"""One typed settings object, read from the environment (prefix NOVEX_)."""

from __future__ import annotations

import os
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
    vendor_dir: Path | None = None  # OpenLayers and proj4 for the map editor (novex.web.vendor)
    # An analysis over more claims than this, or whose scope last took longer than this many seconds, is
    # computed in the background; pages and the API answer at once with the last complete one (ontwerpkeuze).
    analyse_direct_max_claims: int = 5_000
    analyse_direct_max_seconden: float = 5.0

    @property
    def resolved_database_url(self) -> str:
        """The configured URL, or a SQLite file in the data directory."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'novex.db').resolve()}"

    @property
    def resolved_vendor_dir(self) -> Path:
        """`NOVEX_VENDOR_DIR`, or the user's cache (`$XDG_CACHE_HOME/novex/vendor`, default ~/.cache).

        The pinned, checked files are the same for every data directory: one copy serves each
        database and test server, and removing `novex-data` to start afresh needs no network again.
        """
        if self.vendor_dir:
            return self.vendor_dir
        cache_home = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
        return Path(cache_home) / "novex" / "vendor"


@cache
def get_settings() -> Settings:
    """The process-wide settings (read once)."""
    return Settings()
