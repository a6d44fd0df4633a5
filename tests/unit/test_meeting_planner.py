"""The yearly meeting planner, checked by hand against seed 002 and a calendar."""

from __future__ import annotations

import ast
from collections import Counter
from dataclasses import replace
from datetime import date, timedelta
from importlib import resources
from pathlib import Path

import pytest
import yaml

from novex.catalog.sources import quote_in_seed
from novex.errors import InvalidInput
from novex.meetings.planner import (
    BRONNEN,
    CyclusSettings,
    TafelSetting,
    cyclus_settings,
    load_cyclus,
    plan_year,
)
from novex.reference.provinces import landsdelen

PROVINCES = {f"PV{n}" for n in range(20, 32)}
LANDSDELEN = {"noord", "oost", "noordwest", "zuidwest", "zuid"}
CYCLUS_YAML = resources.files("novex.meetings").joinpath("data", "cyclus.yaml").read_text("utf-8")


def landsdeel_of() -> dict[str, str]:
    return {code: part.code for part in landsdelen()[0] for code in part.provincies}


def of(plan, soort, *, formal_only=True):
    """Meetings of one kind; for the Regietafel only the alignments of a DO agenda (with a province)."""
    return [o for o in plan if o.soort == soort and (not formal_only or soort != "regietafel" or o.provincie)]


def quiet(settings: CyclusSettings) -> CyclusSettings:
    """The settings without the periodic informal tables, to look at the formal chain alone."""
    none = TafelSetting(None, "dinsdag")
    return replace(settings, regietafel=none, accountteam=none, werkgroep=none)


# --- what the seeds fix -------------------------------------------------------------------------------


@pytest.mark.parametrize("year", [2027, 2028, 2031, 2040])
def test_one_do_and_one_gp_dg_per_province_and_one_bol_per_landsdeel(year):
    plan = plan_year(year)
    dos, gp_dgs, bols = of(plan, "do-novex"), of(plan, "gp-dg"), of(plan, "bol")
    assert len(dos) == 12 and len(gp_dgs) == 12 and len(bols) == 5
    assert Counter(o.provincie for o in dos) == Counter(PROVINCES)
    assert Counter(o.provincie for o in gp_dgs) == Counter(PROVINCES)
    assert Counter(o.landsdeel for o in bols) == Counter(LANDSDELEN)
    assert len(of(plan, "regietafel")) == 12  # one alignment of each DO agenda
    assert all(o.landsdeel is None for o in dos + gp_dgs) and all(o.provincie is None for o in bols)


@pytest.mark.parametrize("year", range(2027, 2040))
def test_every_bol_is_in_september_by_default(year):
    assert {o.datum.month for o in of(plan_year(year), "bol")} == {9}
    assert {o.datum.year for o in of(plan_year(year), "bol")} == {year}


def test_the_default_bol_days_of_2027_by_the_calendar():
    # September 2027 starts on a Wednesday: Tuesdays 7, 14, 21, 28; Thursdays 2, 9, 16, 23, 30.
    # Defaults: noord 2nd Tuesday, oost 2nd Thursday, noordwest 3rd Tuesday, zuidwest 3rd Thursday, zuid 4th Tuesday.
    assert date(2027, 9, 1).weekday() == 2  # Wednesday
    bols = {o.landsdeel: o.datum for o in of(plan_year(2027), "bol")}
    assert bols == {
        "noord": date(2027, 9, 14),
        "oost": date(2027, 9, 9),
        "noordwest": date(2027, 9, 21),
        "zuidwest": date(2027, 9, 16),
        "zuid": date(2027, 9, 28),
    }


@pytest.mark.parametrize("year", [2027, 2029, 2033])
def test_each_provinces_chain_is_regietafel_do_gp_dg_then_its_bol(year):
    plan = plan_year(year)
    regie = {o.provincie: o.datum for o in of(plan, "regietafel")}
    do = {o.provincie: o.datum for o in of(plan, "do-novex")}
    gp_dg = {o.provincie: o.datum for o in of(plan, "gp-dg")}
    bol = {o.landsdeel: o.datum for o in of(plan, "bol")}
    for code, part in landsdeel_of().items():
        assert regie[code] < do[code] < gp_dg[code] < bol[part], code


@pytest.mark.parametrize("year", range(2027, 2045))
def test_every_date_is_a_working_day_and_the_plan_is_sorted(year):
    plan = plan_year(year)
    assert all(o.datum.weekday() < 5 for o in plan), [o for o in plan if o.datum.weekday() >= 5]
    assert [o.datum for o in plan] == sorted(o.datum for o in plan)


def test_names_and_sources():
    plan = plan_year(2027)
    names = {(o.soort, o.provincie or o.landsdeel): o.naam for o in plan if o.provincie or o.soort == "bol"}
    assert names[("do-novex", "PV26")] == "DO NOVEX Utrecht"
    assert names[("gp-dg", "PV21")] == "GP-DG-overleg Fryslân"
    assert names[("bol", "noordwest")] == "BOL Noordwest"
    assert names[("regietafel", "PV31")] == "Regietafel NOVEX: agenda DO NOVEX Limburg"
    for o in plan:
        if o.soort in ("do-novex", "gp-dg", "bol"):
            assert o.bron == "seed 002 Bijlage 3 §3"
        elif o.soort == "regietafel" and o.provincie:
            assert o.bron == "seed 002 §4.3"
        else:
            assert o.bron == "ontwerpkeuze"


def test_the_planners_seed_passages_are_in_seed_002():
    for key, source in BRONNEN.items():
        assert source.seed.startswith("002_"), key
        assert quote_in_seed(source.seed, source.quote), key


# --- the chain by hand --------------------------------------------------------------------------------


def test_a_chain_worked_out_by_hand():
    """BOL Noord on Thursday 16 September 2027; GP-DG 2 weeks, DO 3 weeks, Regietafel 1 week before."""
    settings = quiet(
        replace(
            cyclus_settings(),
            regietafel_voor_do_weken=1,
            do_voor_gp_dg_weken=3,
            gp_dg_voor_bol_weken=2,
            spreiding_provincies_werkdagen=1,
        )
    )
    plan = plan_year(2027, bol_dates={"noord": date(2027, 9, 16)}, settings=settings)
    noord = [o for o in plan if o.provincie in ("PV20", "PV21", "PV22")]
    got = {(o.soort, o.provincie): o.datum for o in noord}
    # Noord's provinces in landsdelen.yaml order: Groningen PV20, Fryslân PV21, Drenthe PV22; the last
    # one nearest the BOL, the others one working day earlier each.
    assert got == {
        ("gp-dg", "PV22"): date(2027, 9, 2),  # Thu: 16 Sep - 14 days
        ("gp-dg", "PV21"): date(2027, 9, 1),  # Wed
        ("gp-dg", "PV20"): date(2027, 8, 31),  # Tue
        ("do-novex", "PV22"): date(2027, 8, 12),  # 2 Sep - 21 days
        ("do-novex", "PV21"): date(2027, 8, 11),
        ("do-novex", "PV20"): date(2027, 8, 10),
        ("regietafel", "PV22"): date(2027, 8, 5),  # 12 Aug - 7 days
        ("regietafel", "PV21"): date(2027, 8, 4),
        ("regietafel", "PV20"): date(2027, 8, 3),
    }


def test_spreading_skips_the_weekend():
    """BOL Noord on Tuesday 14 September 2027: GP-DGs Tue 31 Aug, Mon 30 Aug and (over the weekend) Fri 27 Aug."""
    settings = quiet(replace(cyclus_settings(), gp_dg_voor_bol_weken=2, spreiding_provincies_werkdagen=1))
    plan = plan_year(2027, bol_dates={"noord": date(2027, 9, 14)}, settings=settings)
    gp_dg = {o.provincie: o.datum for o in of(plan, "gp-dg")}
    assert (gp_dg["PV22"], gp_dg["PV21"], gp_dg["PV20"]) == (date(2027, 8, 31), date(2027, 8, 30), date(2027, 8, 27))


def test_no_spreading_puts_a_landsdeels_provinces_on_one_day():
    plan = plan_year(2027, settings=replace(cyclus_settings(), spreiding_provincies_werkdagen=0))
    for part in landsdelen()[0]:
        assert len({o.datum for o in of(plan, "do-novex") if o.provincie in part.provincies}) == 1


def test_a_custom_bol_date_moves_that_landsdeels_chain_and_nothing_else():
    before = plan_year(2027)
    after = plan_year(2027, bol_dates={"zuid": date(2027, 10, 5)})  # default 28 Sep: one week later
    zuid = {"PV30", "PV31"}

    def in_zuid(o):
        return o.provincie in zuid or (o.landsdeel == "zuid" and o.soort == "bol")

    assert [o for o in before if not in_zuid(o)] == [o for o in after if not in_zuid(o)]
    moved = sorted((o.soort, o.provincie or o.landsdeel, o.datum) for o in after if in_zuid(o))
    expected = sorted((o.soort, o.provincie or o.landsdeel, o.datum + timedelta(days=7)) for o in before if in_zuid(o))
    assert moved == expected and len(moved) == 1 + 3 * 2


def test_a_bol_outside_september_is_allowed_when_in_the_year():
    plan = plan_year(2027, bol_dates={"oost": date(2027, 6, 1)})
    assert {o.datum for o in of(plan, "bol") if o.landsdeel == "oost"} == {date(2027, 6, 1)}


# --- the informal tables ------------------------------------------------------------------------------


def test_the_periodic_tables_of_the_2027_cycle_year():
    """Cycle year 1 Oct 2026 - 1 Oct 2027 (1 Oct 2026 is a Thursday): Regietafel every 4 weeks on
    Wednesday from 7 Oct 2026; accountteams every 6 weeks on Tuesday from 6 Oct 2026; no werkgroepen."""
    plan = plan_year(2027)
    regietafel = [o.datum for o in plan if o.soort == "regietafel" and o.provincie is None]
    assert regietafel == [date(2026, 10, 7) + timedelta(weeks=4 * i) for i in range(13)]
    assert regietafel[-1] == date(2027, 9, 8)  # the next one, 6 Oct 2027, is in the next cycle year
    for part in LANDSDELEN:
        days = [o.datum for o in plan if o.soort == "accountteam" and o.landsdeel == part]
        assert days == [date(2026, 10, 6) + timedelta(weeks=6 * i) for i in range(9)]  # last 7 Sep 2027
    assert not [o for o in plan if o.soort == "werkgroep"]  # on demand (vraaggestuurd) by default


def test_werkgroepen_can_get_a_fixed_slot():
    settings = replace(cyclus_settings(), werkgroep=TafelSetting(8, "donderdag"))
    werkgroepen = [o for o in plan_year(2027, settings=settings) if o.soort == "werkgroep"]
    # 1 Oct 2026 (a Thursday) and every 8 weeks: the 7th is 30 Sep 2027, the 8th in the next cycle year.
    assert Counter(o.landsdeel for o in werkgroepen) == Counter(dict.fromkeys(LANDSDELEN, 7))
    assert {o.datum.weekday() for o in werkgroepen} == {3} and werkgroepen[0].datum == date(2026, 10, 1)


# --- refusals in Dutch --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"bol_dates": {"midden": date(2027, 9, 14)}}, "onbekend landsdeel 'midden'"),
        ({"bol_dates": {"noord": date(2028, 9, 14)}}, "valt niet in 2027"),
        ({"bol_dates": {"noord": date(2027, 9, 18)}}, "valt in het weekend"),  # a Saturday
        ({"bol_dates": {"noord": "2027-09-14"}}, "moet een datum zijn"),
        ({"bol_dates": {"noord": date(2027, 1, 5)}}, "vóór de start van het cyclusjaar"),
    ],
)
def test_bad_bol_dates_are_refused_in_dutch(kwargs, message):
    with pytest.raises(InvalidInput, match=message):
        plan_year(2027, **kwargs)


@pytest.mark.parametrize("name", ["regietafel_voor_do_weken", "do_voor_gp_dg_weken", "gp_dg_voor_bol_weken"])
@pytest.mark.parametrize("value", [0, -2, 1.5])
def test_lead_times_must_be_positive_whole_weeks(name, value):
    with pytest.raises(InvalidInput, match=f"doorlooptijd {name} moet een positief aantal weken zijn"):
        plan_year(2027, settings=replace(cyclus_settings(), **{name: value}))


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"spreiding_provincies_werkdagen": -1}, "0 of meer werkdagen"),
        ({"bol_standaard": {"noord": (2, "dinsdag")}}, "geen BOL-dag voor landsdeel"),
        ({"bol_standaard": {**dict(cyclus_settings().bol_standaard), "midden": (1, "maandag")}}, "onbekend landsdeel"),
        ({"bol_standaard": {**dict(cyclus_settings().bol_standaard), "zuid": (5, "dinsdag")}}, "week moet 1 t/m 4"),
        ({"bol_standaard": {**dict(cyclus_settings().bol_standaard), "zuid": (2, "zaterdag")}}, "geen werkdag"),
        ({"cyclusstart": (2, 30)}, "geen geldige maand en dag"),
        ({"accountteam": TafelSetting(0, "dinsdag")}, "interval_weken moet een positief aantal weken"),
        ({"regietafel": TafelSetting(4, "zondag")}, "geen werkdag"),
    ],
)
def test_bad_settings_are_refused_in_dutch(changes, message):
    with pytest.raises(InvalidInput, match=message):
        replace(cyclus_settings(), **changes)


@pytest.mark.parametrize("year", [2026, 2020])
def test_years_before_the_new_way_of_working_are_refused(year):
    """Seed 002 §1/§5: the new way of working starts after the BOLs of September 2026."""
    with pytest.raises(InvalidInput, match="start na de BOL's van september 2026"):
        plan_year(year)


def test_settings_are_read_only():
    with pytest.raises(TypeError):
        cyclus_settings().bol_standaard["noord"] = (1, "maandag")  # type: ignore[index]


# --- the settings file --------------------------------------------------------------------------------


def leaves(node, path=()):
    if isinstance(node, dict) and "waarde" in node:
        yield path, node
    elif isinstance(node, dict):
        for key, value in node.items():
            yield from leaves(value, (*path, key))


def test_every_setting_is_a_labelled_design_choice():
    settings = list(leaves(yaml.safe_load(CYCLUS_YAML)))
    assert len(settings) == 4 + 5 + 1 + 3  # lead times and spread, BOL days, cycle start, informal tables
    for path, node in settings:
        assert node["ontwerpkeuze"] is True, path
        assert "de seeds geven de volgorde, niet de doorlooptijden" in node["toelichting"].lower(), path


def test_the_settings_file_matches_the_landsdelen():
    assert set(yaml.safe_load(CYCLUS_YAML)["bol_standaard"]) == {part.code for part in landsdelen()[0]}


def test_a_setting_not_marked_as_a_design_choice_is_refused():
    text = CYCLUS_YAML.replace("waarde: 2\n    ontwerpkeuze: true", "waarde: 2\n    ontwerpkeuze: false", 1)
    assert text != CYCLUS_YAML
    with pytest.raises(InvalidInput, match="ontwerpkeuze: true"):
        load_cyclus(text)


def test_a_negative_lead_time_in_the_file_is_refused():
    text = CYCLUS_YAML.replace("waarde: 10\n", "waarde: -10\n", 1)
    assert text != CYCLUS_YAML
    with pytest.raises(InvalidInput, match="do_voor_gp_dg_weken moet een positief aantal weken"):
        load_cyclus(text)


# --- architecture -------------------------------------------------------------------------------------

FORBIDDEN = ("sqlalchemy", "fastapi", "starlette", "typer", "jinja2", "weasyprint", "alembic", "psycopg")
FORBIDDEN_NOVEX = ("store", "api", "web", "cli", "edge", "bootstrap", "documents", "server")


def test_the_meetings_context_imports_no_framework_and_no_edge():
    package = Path(__file__).resolve().parents[2] / "src" / "novex" / "meetings"
    imported = []
    for path in package.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Import):
                imported += [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                imported.append(node.module)
    bad = [
        name
        for name in imported
        if name.split(".")[0] in FORBIDDEN or (name.startswith("novex.") and name.split(".")[1] in FORBIDDEN_NOVEX)
    ]
    assert imported and bad == []
