"""Pydantic 2 schemas of what crosses the API border (apart from GeoJSON bodies)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from novex.claims.model import TEXT_LIMITS, ClaimStatus, Hardheid


class TokenRequest(BaseModel):
    """Credentials for an API token."""

    email: str = Field(max_length=254)
    wachtwoord: str = Field(max_length=200)
    label: str = Field(default="api", max_length=120)


class TokenOut(BaseModel):
    """A new bearer token (shown once)."""

    token: str
    token_type: str = "bearer"


class ProvinceOut(BaseModel):
    """A province without geometry."""

    code: str
    naam: str
    landsdeel: str
    land_ha: float


class VoorstelIn(BaseModel):
    """A new voorstel (or the next version of one with the same name)."""

    model_config = ConfigDict(extra="forbid")

    provincie: str = Field(pattern=r"^[Pp][Vv]\d{2}$")
    naam: str = Field(min_length=1, max_length=200)
    toelichting: str | None = Field(default=None, max_length=5000)


class VoorstelOut(BaseModel):
    """A voorstel."""

    id: int
    provincie: str
    naam: str
    versie: int
    datum: date
    toelichting: str | None = None


class Page(BaseModel):
    """A page of results: the items, the total count and links (HAL style)."""

    data: list[Any]
    count: int
    links: dict[str, str] = Field(alias="_links")

    model_config = ConfigDict(populate_by_name=True)


class ClaimProperties(BaseModel):
    """The properties of a claim as sent by a client."""

    model_config = ConfigDict(extra="forbid")

    naam: str = Field(min_length=1, max_length=TEXT_LIMITS["naam"])
    domein: str = Field(min_length=1, max_length=TEXT_LIMITS["domein"])
    hoeveelheid: float | None = Field(default=None, allow_inf_nan=False)
    eenheid: str | None = Field(default=None, max_length=TEXT_LIMITS["eenheid"])
    doel_id: str | None = Field(default=None, max_length=TEXT_LIMITS["doel_id"])
    start_jaar: int | None = Field(default=None, ge=1900, le=2200)
    eind_jaar: int | None = Field(default=None, ge=1900, le=2200)
    status: ClaimStatus = ClaimStatus.IDEE
    hardheid: Hardheid = Hardheid.MIDDEL
    prioriteit: int = Field(default=3, ge=1, le=5)
    eigenaar: str | None = Field(default=None, max_length=TEXT_LIMITS["eigenaar"])
    bron: str | None = Field(default=None, max_length=TEXT_LIMITS["bron"])
    notities: str | None = Field(default=None, max_length=TEXT_LIMITS["notities"])
    extern_id: str | None = Field(default=None, max_length=TEXT_LIMITS["extern_id"])
    # What a GET gives beside the editable fields; taken back and ignored (version: the one you edit).
    voorstel_id: int | None = Field(default=None, json_schema_extra={"readOnly": True})
    version: int | None = Field(default=None, ge=1, description="De versie die u wijzigt (zoals gelezen).")
    area_ha: float | None = Field(default=None, json_schema_extra={"readOnly": True})
    provincies: dict[str, float] | None = Field(default=None, json_schema_extra={"readOnly": True})
    gemeenten: dict[str, float] | None = Field(default=None, json_schema_extra={"readOnly": True})


READ_ONLY = frozenset({"voorstel_id", "version", "area_ha", "provincies", "gemeenten"})


class ClaimFeatureIn(BaseModel):
    """A claim as a GeoJSON Feature; coordinates in the CRS named by `Content-Crs` (WGS84 by default)."""

    model_config = ConfigDict(extra="allow")

    type: str = Field(pattern="^Feature$")
    geometry: dict[str, Any]
    properties: ClaimProperties
    version: int | None = Field(default=None, ge=1, description="Voor PUT: de versie die u wijzigt.")
    reden: str | None = Field(default=None, max_length=2000, description="Voor PUT: waarom (in de geschiedenis).")


class AuditEventOut(BaseModel):
    """One event of the audit trail: who did what to which object, when and why."""

    id: int
    tijdstip: datetime
    actor: str
    rol: str
    actie: str
    object_type: str
    object_id: str
    provincie: str | None = None
    samenvatting: str
    reden: str | None = None
    details: dict[str, Any] = Field(default_factory=dict)


class AuditPage(BaseModel):
    """A page of audit events, newest first."""

    data: list[AuditEventOut]
    numberMatched: int  # noqa: N815 - the OGC API paging names used by the other lists
    numberReturned: int  # noqa: N815
    links: list[dict[str, str]]
