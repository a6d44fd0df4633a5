"""The monitor in the API: /api/v1/monitor/… (the meter, measurements as a resource, statuses, rounds, the report).

Seed 002 §4.1 and §5 (a uniform monitor, one progress meter beside the RA) and seed 003 §5.2 (a yearly
report with a qualitative picture). Every answer that shows statuses carries `ontwerpkeuze`: the
vocabulary is a design choice of this platform. A round's write names the version it was made on
(`versie`; stale: 409 with `currentVersion`). The rights are the service's (`novex.monitor.service`).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, File, Path, Query, Request, Response, UploadFile
from fastapi.responses import JSONResponse
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from novex.api.deps import page_links
from novex.edge.deps import ActorDep, Id, UowDep, four_digits
from novex.edge.uploads import upload_name
from novex.errors import InvalidInput
from novex.monitor.codec import plain
from novex.monitor.meter import Meter, MeterRegel
from novex.monitor.model import Deelnemer, DeelnemerSoort, Meting, MonitorRonde, StatusZetting
from novex.monitor.service import AfspraakMonitor, MonitorService, parse_ref
from novex.monitor.statussen import Statuslijst

router = APIRouter(tags=["monitor"])

MAX_ID = 2_147_483_647
MAX_IMPORT = 20 * 1024 * 1024
"""An import file of measurements: at most 20 MB (the reader takes at most 50.000 rows)."""
IMPORT_SUFFIXES = (".csv", ".xlsx")
PROVINCE = r"^[Pp][Vv]\d{2}$"

Provincie = Annotated[str | None, Query(pattern=PROVINCE, description="CBS-code van de provincie, bijv. PV26.")]
ProvinciePath = Annotated[str, Path(pattern=PROVINCE, description="CBS-code van de provincie, bijv. PV26.")]
SleutelPath = Annotated[str, Path(min_length=1, max_length=60, description="De vaste sleutel van de afspraak.")]
NovexGebied = Annotated[
    str | None, Query(alias="novexGebied", min_length=1, max_length=120, description="Alleen dit NOVEX-gebied.")
]


Jaar = Annotated[
    int | None, BeforeValidator(four_digits), Query(ge=2023, le=2100, description="Het jaar van de monitorronde.")
]
JaarPath = Annotated[
    int, BeforeValidator(four_digits), Path(ge=2023, le=2100, description="Het jaar van de rapportage.")
]
Page = Annotated[int, Query(ge=1, le=100_000, description="Het paginanummer (vanaf 1).")]
PageSize = Annotated[int, Query(alias="pageSize", ge=1, le=1000, description="Aantal per pagina.")]
Versie = Annotated[int, Field(ge=1, le=MAX_ID, strict=True, description="De versie die u hebt gelezen.")]


BESCHRIJVING = {
    "statussen": (
        "De statussen (code, naam, betekenis, kleur, of het platform ze voorstelt) en de drempels van de "
        "suggestie. `ontwerpkeuze` zegt dat de seeds geen statussen noemen: deze lijst is een ontwerpkeuze "
        "van dit platform."
    ),
    "meter": (
        "Elke afspraak uit het vastgestelde ruimtelijk arrangement van elke provincie: laatste meting, status"
        " (van de eigenaar of de suggestie), reden en trend. De tellingen per provincie, thema, NOVEX-gebied "
        "en in totaal, de verstreken mijlpalen, de open knopen en de vraagstukken buiten het BOL per fase "
        "gaan over alles wat gevraagd is; `afspraken` is één pagina."
    ),
    "status": (
        "Per provincie het aantal afspraken per statuscode (`geen`: zonder status), zoals `novex monitor status`."
    ),
    "afspraak": (
        "Een afspraak met haar mijlpalen, elke meting, elke gezette status (oudste eerst), de suggestie, de "
        "geplande waarden uit de analyse en wat u ermee mag."
    ),
    "zet_status": (
        "De eigenaar (VRO, of een provincie of ministerie onder de eigenaren van de afspraak) stelt de status"
        " vast, met motivering; `status` null zet de afspraak terug op de suggestie. De motivering komt in "
        "het logboek."
    ),
    "metingen": "Metingen van een provincie en/of een afspraak (`afspraak=PV26/A1`), oudste eerst.",
    "add_meting": (
        "Een meting van een afspraak uit het vastgestelde arrangement; 201 met het adres in `Location`. "
        "Dezelfde afspraak, datum en bron nog eens: 409 (verwijder de foute meting en voer haar opnieuw in)."
    ),
    "importeer": (
        "Alle metingen uit het bestand, of geen: een weigering (400) noemt elke foute regel in "
        "`invalidParams`. Kolommen: `afspraak` (PV26/A1) of `provincie` en `sleutel`, dan `waarde`, `datum`, "
        "`bron` en eventueel `toelichting`. Hoogstens 20 MB."
    ),
    "meting": ("Afspraak, waarde, datum, bron, toelichting, en wie de meting wanneer invoerde."),
    "remove_meting": (
        "Verwijder een foute meting (VRO, of wie haar invoerde), met een reden; het logboek bewaart haar waarden."
    ),
    "rondes": ("De jaarlijkse monitorrondes, per jaar en provincie."),
    "start_ronde": (
        "Open de ronde van een provincie voor een jaar (één per provincie en jaar); 201 met het adres in "
        "`Location`. Zonder deelnemers: VRO, de provincie en de ministeries onder de eigenaren."
    ),
    "ronde": (
        "Deelnemers, het kwalitatieve beeld, de status en na afsluiten de bevroren momentopname; `versie` "
        "voor de volgende wijziging."
    ),
    "update_ronde": (
        "VRO of de provincie schrijft het kwalitatieve beeld en/of de deelnemers; een oude `versie` geeft 409"
        " met `currentVersion`."
    ),
    "sluit_ronde": (
        "De voortgangsmeter van de provincie wordt bevroren als momentopname; daarna verandert de ronde niet "
        "meer. Een oude `versie` geeft 409 met `currentVersion`."
    ),
    "rapport": (
        "De voortgangsrapportage (seed 003 §5.2): per provincie het kwalitatieve beeld en de stand van elke "
        "afspraak, vergeleken met vorig jaar; als PDF of HTML."
    ),
}
"""The Dutch description of each operation in the OpenAPI document (the docstrings are for the code)."""


def _iso_date(value: Any) -> Any:
    """A date only as JSON text JJJJ-MM-DD (no timestamps, no times, no other shapes)."""
    if isinstance(value, date) or (isinstance(value, str) and re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value)):
        return value
    raise ValueError("is geen datum (JJJJ-MM-DD)")


IsoDate = Annotated[date, BeforeValidator(_iso_date)]


class Strict(BaseModel):
    """Request bodies refuse unknown fields."""

    model_config = ConfigDict(extra="forbid")


class MetingIn(Strict):
    """A measurement: the agreement (`afspraak` "PV26/A1", or `provincie` and `sleutel`), value, date, source."""

    afspraak: Annotated[str | None, Field(max_length=80, description="PROVINCIE/SLEUTEL, bijv. PV26/A1.")] = None
    provincie: Annotated[str | None, Field(pattern=PROVINCE, description="CBS-code, bijv. PV26.")] = None
    sleutel: Annotated[str | None, Field(min_length=1, max_length=60)] = None
    waarde: Annotated[float, Field(strict=True, allow_inf_nan=False, ge=-1e15, le=1e15,
                                   description="De gemeten waarde van de indicator.")]  # fmt: skip
    datum: Annotated[IsoDate, Field(description="De datum van de meting (JJJJ-MM-DD).")]
    bron: Annotated[str, Field(min_length=1, max_length=300, description="Waar de waarde vandaan komt.")]
    toelichting: Annotated[str, Field(max_length=2_000)] = ""

    @model_validator(mode="after")
    def _one_agreement(self) -> MetingIn:
        if self.afspraak is None and (self.provincie is None or self.sleutel is None):
            raise ValueError("noem de afspraak: 'afspraak' (bijv. PV26/A1) of 'provincie' en 'sleutel'")
        if self.afspraak is not None and (self.provincie is not None or self.sleutel is not None):
            raise ValueError("noem de afspraak één keer: 'afspraak' of 'provincie' en 'sleutel', niet beide")
        return self

    def ref(self) -> tuple[str, str]:
        """The agreement measured: (province as given, key)."""
        if self.afspraak is not None:
            ref = parse_ref(self.afspraak)
            return ref.provincie, ref.sleutel
        assert self.provincie is not None and self.sleutel is not None
        return self.provincie.upper(), self.sleutel


class StatusIn(Strict):
    """The owner's status (a code of /monitor/statussen; null: back to the suggestion) and why."""

    status: Annotated[str | None, Field(max_length=60, description="Een statuscode; null: terug naar de suggestie.")]
    motivering: Annotated[str, Field(min_length=1, max_length=2_000, description="Waarom deze status.")]


class DeelnemerIn(Strict):
    """A participant of a round: its kind and the name of the office or organisation."""

    soort: Literal[tuple(str(s) for s in DeelnemerSoort)]  # type: ignore[valid-type]
    naam: Annotated[str, Field(min_length=1, max_length=300)]


class RondeIn(Strict):
    """A new round: the province and the year (participants by default VRO, the province, the owners' ministries)."""

    provincie: Annotated[str, Field(pattern=PROVINCE, description="CBS-code, bijv. PV26.")]
    jaar: Annotated[int, Field(ge=2023, le=2100, strict=True)]
    deelnemers: list[DeelnemerIn] | None = Field(default=None, max_length=50)


class RondeUpdate(Strict):
    """The qualitative picture and/or the participants of an open round (a field left out stays as it is)."""

    versie: Versie
    beeld: Annotated[str | None, Field(max_length=20_000, description="Het kwalitatieve beeld (seed 003 §5.2).")] = None
    deelnemers: list[DeelnemerIn] | None = Field(default=None, max_length=50)


class AfsluitenIn(Strict):
    """Close a round: its snapshot is frozen."""

    versie: Versie


# -- JSON shapes ----------------------------------------------------------------------------------------


def telling_json(counts: Counter[str | None], lijst: Statuslijst) -> dict[str, int]:
    """Agreements per status code, every configured code listed, 'geen' for no status."""
    return {code: counts.get(code, 0) for code in lijst.codes} | {"geen": counts.get(None, 0)}


def meting_json(m: Meting) -> dict[str, Any]:
    """One measurement, with its agreement written PV26/A1."""
    return {"afspraak": str(m.afspraak)} | plain(m)


def zetting_json(z: StatusZetting, lijst: Statuslijst) -> dict[str, Any]:
    """A status set by an owner (status null: back to the suggestion)."""
    return plain(z) | {"status_naam": lijst.naam(z.status) if z.status else None}


def regel_json(r: MeterRegel, lijst: Statuslijst) -> dict[str, Any]:
    """One agreement in the meter: what it promises, its latest measurement, its status and why."""
    a, last = r.afspraak, r.laatste
    return {
        "afspraak": f"{r.provincie}/{a.sleutel}", "provincie": r.provincie, "sleutel": a.sleutel, "tekst": a.tekst,
        "indicator": a.indicator, "eenheid": a.eenheid, "basiswaarde": plain(a.basiswaarde),
        "streefwaarde": plain(a.streefwaarde), "deadline": plain(a.deadline), "novex_gebied": a.novex_gebied,
        "themas": list(r.themas), "laatste_meting": meting_json(last) if last else None,
        "aantal_metingen": len(r.metingen), "status": r.status, "status_naam": lijst.naam(r.status),
        "gezet": r.gezet is not None, "reden": r.reden,
        "suggestie": {"status": r.suggestie.status, "reden": r.suggestie.reden}, "trend": r.trend,
        "arrangement_id": r.arrangement.id, "arrangement_jaar": r.arrangement.jaar,
    }  # fmt: skip


def _per(groups: Mapping[str, Counter[str | None]], lijst: Statuslijst) -> dict[str, dict[str, int]]:
    return {key: telling_json(counts, lijst) for key, counts in groups.items()}


def meter_json(meter: Meter, lijst: Statuslijst, regels: list[MeterRegel]) -> dict[str, Any]:
    """The meter's counts and lists over everything asked for, with `regels` (a page) as its agreements."""
    return {
        "datum": meter.datum.isoformat(),
        "ontwerpkeuze": lijst.ontwerpkeuze,
        "afspraken": [regel_json(r, lijst) for r in regels],
        "totaal": telling_json(meter.totaal(), lijst),
        "per_provincie": _per(meter.per_provincie(), lijst),
        "per_thema": _per(meter.per_thema(), lijst),
        "per_gebied": _per(meter.per_gebied(), lijst),
        "achterstallig": [plain(m) for m in meter.achterstallig()],
        "open_knopen": [{"provincie": p} | plain(k) for p, k in meter.open_knopen()],
        "buiten_bol_per_fase": {p: dict(f) for p, f in meter.vraagstukken_per_fase.items()},
    }


def afspraak_json(found: AfspraakMonitor, lijst: Statuslijst) -> dict[str, Any]:
    """One followed agreement: its meter line, milestones, every measurement and status set, planned values."""
    r = found.regel
    return regel_json(r, lijst) | {
        "ontwerpkeuze": lijst.ontwerpkeuze,
        "mijlpalen": plain(r.afspraak.mijlpalen),
        "eigenaren": plain(r.afspraak.eigenaren),
        "metingen": [meting_json(m) for m in r.metingen],
        "statussen": [zetting_json(z, lijst) for z in found.zettingen],
        "gepland": plain(found.gepland),
        "mag_meten": found.mag_meten,
        "mag_status_zetten": found.mag_status_zetten,
    }


def ronde_json(ronde: MonitorRonde, namen: Mapping[str, str]) -> dict[str, Any]:
    """A round: participants, the qualitative picture, status, the frozen snapshot; `versie` for the next write."""
    body = plain(ronde)
    body["versie"] = body.pop("version")
    return body | {"provincie_naam": namen.get(ronde.provincie)}


def _page(request: Request, key: str, items: list[Any], page: int, page_size: int) -> dict[str, Any]:
    shown = items[(page - 1) * page_size : page * page_size]
    return {key: shown, "numberMatched": len(items), "numberReturned": len(shown),
            "links": page_links(request, page, page_size, len(items))}  # fmt: skip


def _created(body: dict[str, Any], location: str) -> JSONResponse:
    return JSONResponse(body, status_code=201, headers={"Location": location})


# -- the meter and the statuses -------------------------------------------------------------------------


@router.get(
    "/monitor/statussen",
    summary="De statuslijst van de voortgangsmeter (een ontwerpkeuze)",
    description=BESCHRIJVING["statussen"],
)
def statussen(actor: ActorDep, uow: UowDep) -> dict[str, Any]:
    """The configured statuses (code, naam, betekenis, kleur, whether the platform suggests it) and the thresholds.

    `ontwerpkeuze` says in Dutch that the seeds name no statuses: this list is a design choice of this platform.
    """
    lijst = uow.get(MonitorService).statuslijst()
    return {
        "ontwerpkeuze": lijst.ontwerpkeuze,
        "statussen": plain(lijst.statussen),
        "meting_verouderd_na_dagen": lijst.meting_verouderd_na_dagen,
        "mijlpaal_dichtbij_dagen": lijst.mijlpaal_dichtbij_dagen,
    }


@router.get(
    "/monitor/meter",
    summary="De voortgangsmeter: elke gevolgde afspraak met meting en status",
    description=BESCHRIJVING["meter"],
)
def meter(
    request: Request,
    actor: ActorDep,
    uow: UowDep,
    provincie: Provincie = None,
    novex_gebied: NovexGebied = None,
    page: Page = 1,
    page_size: PageSize = 100,
) -> dict[str, Any]:
    """The agreements of each province's adopted RA with latest measurement, status (set or suggested) and trend.

    The counts (per province, theme and NOVEX area, in total), the overdue milestones, the open knots and the
    vraagstukken handled outside the BOL per phase cover everything asked for; `afspraken` is one page.
    """
    service = uow.get(MonitorService)
    found = service.meter(actor, provincie.upper() if provincie else None, novex_gebied)
    paged = _page(request, "afspraken", list(found.regels), page, page_size)
    body = meter_json(found, service.statuslijst(), paged.pop("afspraken"))
    return body | paged


@router.get(
    "/monitor/status",
    summary="Aantal afspraken per status, per provincie",
    description=BESCHRIJVING["status"],
)
def status(actor: ActorDep, uow: UowDep, provincie: Provincie = None) -> dict[str, dict[str, int]]:
    """Per province the number of agreements per status code ('geen': no status), as `novex monitor status`."""
    return uow.get(MonitorService).telling(actor, provincie.upper() if provincie else None)


@router.get(
    "/monitor/afspraken/{provincie}/{sleutel}",
    summary="Eén gevolgde afspraak",
    description=BESCHRIJVING["afspraak"],
)
def afspraak(provincie: ProvinciePath, sleutel: SleutelPath, actor: ActorDep, uow: UowDep) -> dict[str, Any]:
    """An agreement of the adopted RA: measurements, every status set (oldest first), the suggestion, planned values."""
    service = uow.get(MonitorService)
    return afspraak_json(service.afspraak(actor, provincie.upper(), sleutel), service.statuslijst())


@router.put(
    "/monitor/afspraken/{provincie}/{sleutel}/status",
    summary="Status vaststellen (eigenaar)",
    description=BESCHRIJVING["zet_status"],
)
def zet_status(
    provincie: ProvinciePath, sleutel: SleutelPath, body: StatusIn, actor: ActorDep, uow: UowDep
) -> dict[str, Any]:
    """The owner (VRO, or a province or ministry among the agreement's owners) sets the status with a motivation.

    `status` null returns the agreement to the platform's suggestion. The motivation goes into the audit trail.
    """
    service = uow.get(MonitorService)
    service.zet_status(actor, provincie.upper(), sleutel, body.status, body.motivering)
    return afspraak_json(service.afspraak(actor, provincie.upper(), sleutel), service.statuslijst())


# -- measurements ---------------------------------------------------------------------------------------


@router.get(
    "/monitor/metingen",
    summary="Metingen (met filters en paginering)",
    description=BESCHRIJVING["metingen"],
)
def metingen(
    request: Request,
    actor: ActorDep,
    uow: UowDep,
    provincie: Provincie = None,
    afspraak: Annotated[str | None, Query(max_length=80, description="PROVINCIE/SLEUTEL, bijv. PV26/A1.")] = None,
    page: Page = 1,
    page_size: PageSize = 100,
) -> dict[str, Any]:
    """Measurements of a province and/or an agreement, by province, key and date (oldest first)."""
    code, sleutel = provincie.upper() if provincie else None, None
    if afspraak is not None:
        ref = parse_ref(afspraak)
        if not re.fullmatch(PROVINCE, ref.provincie):
            raise InvalidInput(f"afspraak: '{ref.provincie}' is geen CBS-code van een provincie (bijv. PV26/A1)")
        if code is not None and code != ref.provincie.upper():
            raise InvalidInput(f"provincie {code} en afspraak {afspraak} spreken elkaar tegen")
        code, sleutel = ref.provincie.upper(), ref.sleutel
    found = uow.get(MonitorService).metingen(actor, code, sleutel)
    return _page(request, "metingen", [meting_json(m) for m in found], page, page_size)


@router.post(
    "/monitor/metingen",
    status_code=201,
    summary="Meting toevoegen",
    description=BESCHRIJVING["add_meting"],
    response_class=JSONResponse,
)
def add_meting(request: Request, body: MetingIn, actor: ActorDep, uow: UowDep) -> JSONResponse:
    """Record a measurement of an agreement of an adopted RA; 201 with its address in `Location`.

    The same agreement, date and source twice is a 409: delete the wrong one and enter it again.
    """
    provincie, sleutel = body.ref()
    saved = uow.get(MonitorService).add_meting(actor, provincie, sleutel, body.waarde, body.datum, body.bron,
                                               body.toelichting)  # fmt: skip
    return _created(meting_json(saved), str(request.url_for("api_monitor_meting", meting_id=saved.id)))


@router.post(
    "/monitor/metingen/import",
    status_code=201,
    summary="Metingen importeren uit CSV of XLSX (alles of niets)",
    description=BESCHRIJVING["importeer"],
    response_class=JSONResponse,
)
def importeer(
    actor: ActorDep, uow: UowDep, bestand: Annotated[UploadFile, File(description="Het CSV- of XLSX-bestand.")]
) -> JSONResponse:
    """Store every measurement of the file, or none: a refusal (400) names every bad row in `invalidParams`.

    Columns: `afspraak` (PV26/A1) or `provincie` and `sleutel`, then `waarde`, `datum`, `bron`, optional
    `toelichting`. At most 20 MB.
    """
    name = upload_name(bestand.filename)
    if not name.lower().endswith(IMPORT_SUFFIXES):
        raise InvalidInput(f"{name}: kies een .csv- of .xlsx-bestand")
    data = _read_capped(bestand, name)
    try:
        result = uow.get(MonitorService).importeer(actor, data, name)
    except InvalidInput as exc:
        if getattr(exc, "problems", None):
            raise  # every bad row in invalidParams, their number in invalidParamsCount
        rows = str(exc).split("\n")[1:]
        if rows:
            refused = InvalidInput(str(exc))
            refused.problems = rows  # type: ignore[attr-defined]  # listed as invalidParams
            raise refused from None
        raise
    return JSONResponse({"bestand": name, "metingen": result.metingen, "afspraken": result.afspraken},
                        status_code=201)  # fmt: skip


def _read_capped(upload: UploadFile, name: str) -> bytes:
    """The upload's bytes, refused once it grows past `MAX_IMPORT`."""
    chunks, size = [], 0
    upload.file.seek(0)
    while chunk := upload.file.read(1 << 20):
        size += len(chunk)
        if size > MAX_IMPORT:
            raise InvalidInput(f"{name}: het bestand is groter dan {MAX_IMPORT // (1 << 20)} MB")
        chunks.append(chunk)
    return b"".join(chunks)


@router.get(
    "/monitor/metingen/{meting_id}",
    summary="Eén meting",
    description=BESCHRIJVING["meting"],
    name="api_monitor_meting",
)
def meting(meting_id: Id, actor: ActorDep, uow: UowDep) -> dict[str, Any]:
    """One measurement: agreement, value, date, source, explanation, who entered it and when."""
    return meting_json(uow.get(MonitorService).meting(actor, meting_id))


@router.delete(
    "/monitor/metingen/{meting_id}",
    status_code=204,
    summary="Meting verwijderen",
    description=BESCHRIJVING["remove_meting"],
)
def remove_meting(
    meting_id: Id,
    actor: ActorDep,
    uow: UowDep,
    reden: Annotated[str, Query(min_length=1, max_length=2_000, description="Waarom (komt in het logboek).")],
) -> Response:
    """Delete a wrong measurement (VRO, or whoever entered it); the audit trail keeps its values and the reason."""
    uow.get(MonitorService).remove_meting(actor, meting_id, reden)
    return Response(status_code=204)


# -- the yearly round -----------------------------------------------------------------------------------


@router.get(
    "/monitor/rondes",
    summary="Monitorrondes (met filters en paginering)",
    description=BESCHRIJVING["rondes"],
)
def rondes(
    request: Request,
    actor: ActorDep,
    uow: UowDep,
    jaar: Jaar = None,
    provincie: Provincie = None,
    page: Page = 1,
    page_size: PageSize = 100,
) -> dict[str, Any]:
    """The yearly monitor rounds, by year and province."""
    service = uow.get(MonitorService)
    found = service.rondes(actor, jaar, provincie.upper() if provincie else None)
    return _page(request, "rondes", [ronde_json(r, service.province_names) for r in found], page, page_size)


@router.post(
    "/monitor/rondes",
    status_code=201,
    summary="Monitorronde openen (VRO)",
    description=BESCHRIJVING["start_ronde"],
    response_class=JSONResponse,
)
def start_ronde(request: Request, body: RondeIn, actor: ActorDep, uow: UowDep) -> JSONResponse:
    """Open a province's round for a year; 201 with its address in `Location` (one round per province and year)."""
    service = uow.get(MonitorService)
    deelnemers = [Deelnemer(d.soort, d.naam) for d in body.deelnemers] if body.deelnemers is not None else None
    saved = service.start_ronde(actor, body.provincie.upper(), body.jaar, deelnemers)
    return _created(ronde_json(saved, service.province_names),
                    str(request.url_for("api_monitor_ronde", ronde_id=saved.id)))  # fmt: skip


@router.get(
    "/monitor/rondes/{ronde_id}",
    summary="Eén monitorronde",
    description=BESCHRIJVING["ronde"],
    name="api_monitor_ronde",
)
def ronde(ronde_id: Id, actor: ActorDep, uow: UowDep) -> dict[str, Any]:
    """One round: participants, the qualitative picture, its status and, once closed, the frozen snapshot."""
    service = uow.get(MonitorService)
    return ronde_json(service.ronde(actor, ronde_id), service.province_names)


@router.patch(
    "/monitor/rondes/{ronde_id}",
    summary="Kwalitatief beeld of deelnemers van een open ronde",
    description=BESCHRIJVING["update_ronde"],
)
def update_ronde(ronde_id: Id, body: RondeUpdate, actor: ActorDep, uow: UowDep) -> dict[str, Any]:
    """Write the qualitative picture and/or the participants (VRO or the province); a stale `versie`: 409."""
    service = uow.get(MonitorService)
    deelnemers = [Deelnemer(d.soort, d.naam) for d in body.deelnemers] if body.deelnemers is not None else None
    saved = service.update_ronde(actor, ronde_id, body.versie, body.beeld, deelnemers)
    return ronde_json(saved, service.province_names)


@router.post(
    "/monitor/rondes/{ronde_id}/afsluiten",
    summary="Monitorronde afsluiten (VRO): momentopname bevriezen",
    description=BESCHRIJVING["sluit_ronde"],
)
def sluit_ronde(ronde_id: Id, body: AfsluitenIn, actor: ActorDep, uow: UowDep) -> dict[str, Any]:
    """Close the round: the province's meter is frozen as its snapshot; a stale `versie`: 409."""
    service = uow.get(MonitorService)
    return ronde_json(service.sluit_ronde(actor, ronde_id, body.versie), service.province_names)


# -- the yearly report ----------------------------------------------------------------------------------


@router.get(
    "/monitor/rapporten/{jaar}",
    summary="De jaarlijkse voortgangsrapportage als document",
    description=BESCHRIJVING["rapport"],
    response_class=Response,
    responses={
        200: {
            "description": "De rapportage als bijlage (Content-Disposition: attachment).",
            "content": {"application/pdf": {}, "text/html": {}},
        }
    },
)
def rapport(
    jaar: JaarPath,
    actor: ActorDep,
    uow: UowDep,
    formaat: Annotated[Literal["pdf", "html"], Query(description="Het formaat: pdf of html.")] = "pdf",
) -> Response:
    """The yearly progress report (seed 003 §5.2): per province the qualitative picture and every agreement's state."""
    from novex.documents.monitor import rapport_document

    content, media, name = rapport_document(uow, actor, jaar, formaat)
    return Response(content, media_type=media, headers={"Content-Disposition": f'attachment; filename="{name}"',
                                                        "Cache-Control": "private, no-store"})  # fmt: skip
