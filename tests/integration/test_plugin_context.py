"""The house is open: a context registered from outside the core is served in all five places."""

from __future__ import annotations

import sys

import typer
from sqlalchemy import create_engine
from typer.testing import CliRunner

from novex import registry
from novex.cli.main import add_context_commands
from novex.store.tables import metadata
from tests.fixtures import throwaway_context as proef
from tests.fixtures.clients import make_clients


def test_a_throwaway_context_gets_its_route_page_command_action_and_table(settings, monkeypatch):
    sys.modules.pop("tests.fixtures.throwaway_tables", None)  # the registry imports it afresh (once per backend)
    try:
        with registry.registered(proef.CONTEXT):
            # the table: part of the metadata every backup and migration check reads
            assert "proef_notities" in metadata().tables
            engine = create_engine(settings.resolved_database_url)
            from tests.fixtures.throwaway_tables import notes

            metadata().create_all(engine, tables=[notes])  # what the context's migration would do
            engine.dispose()
            # the action: known by key, with its grant
            assert registry.action("proefnotities-schrijven") is proef.WRITE_NOTES
            assert registry.audit_kinds()["proef."] == "proefnotities"
            clients = make_clients(settings)  # builds the app while the context is registered
            # the API route, with the service checking the action
            assert clients.vro.post("/api/v1/proefnotities", data={"tekst": "eerste"}).status_code == 201
            refused = clients.lezer.post("/api/v1/proefnotities", data={"tekst": "tweede"})
            assert refused.status_code == 403 and "proefnotities schrijven" in refused.json()["detail"]
            # the web page
            assert clients.lezer.get("/proefnotities").text == "<ul><li>eerste</li></ul>"
            # the CLI command, through the same function that builds `novex`
            monkeypatch.setenv("NOVEX_DATABASE_URL", settings.resolved_database_url)
            from novex.settings import get_settings

            get_settings.cache_clear()
            cli = add_context_commands(typer.Typer())
            result = CliRunner().invoke(cli, ["proefnotities"])
            assert result.exit_code == 0 and result.output.strip() == "eerste", result.output
        # unregistered again: gone from the registry, and its table from the metadata once forgotten
        assert "proefnotities-schrijven" not in registry.actions()
    finally:
        from tests.fixtures import throwaway_tables

        throwaway_tables.forget()
        from novex.settings import get_settings

        get_settings.cache_clear()
    assert "proef_notities" not in metadata().tables  # no other test sees it
