"""`novex` starts without importing what a command does not need (issue 14, start-up).

Behaviour, not timing: which modules a fresh interpreter has loaded after `--help`.
"""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Annotated

import pytest
import typer
from typer.testing import CliRunner

from novex import registry
from novex.cli import app
from novex.cli.main import CORE_COMMANDS, SUMMARIES, click_command

HEAVY = ("sqlalchemy", "alembic", "geopandas", "pandas", "shapely", "pyogrio", "fastapi", "weasyprint")
WIRING = "novex.bootstrap"  # imports every service and the store

runner = CliRunner()


def loaded_after(*argv: str) -> tuple[set[str], str]:
    """The modules a new interpreter holds after running `novex ARGV` (or only importing the CLI), and its output."""
    script = (
        "import json, sys\n"
        "from novex.cli import app\n"
        f"argv = {list(argv)!r}\n"
        "if argv:\n"
        "    try:\n"
        "        app(argv, prog_name='novex')\n"
        "    except SystemExit:\n"
        "        pass\n"
        "print('\\nMODULES ' + json.dumps(sorted(sys.modules)))\n"
    )
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=True)
    output, _, modules = run.stdout.rpartition("\nMODULES ")
    return set(json.loads(modules)), output


def heavy_in(modules: set[str]) -> list[str]:
    return sorted(m for m in modules if m.split(".")[0] in HEAVY or m == WIRING)


def test_importing_the_cli_imports_no_framework_geometry_or_database_library():
    modules, _ = loaded_after()
    assert heavy_in(modules) == []


def test_help_lists_every_command_without_importing_one():
    modules, output = loaded_after("--help")
    assert heavy_in(modules) == []
    assert sorted(m for m in modules if m.startswith("novex.cli.")) == ["novex.cli.main"]  # no command's module
    for name in ("init", "start", "serve", "backup", "restore", "analyse", "claims", "provinces", "logboek"):
        assert name in output
    assert "Analyseer de ruimtelijke puzzel" in output


def test_a_command_imports_its_own_module_only():
    modules, output = loaded_after("catalog", "--help")
    assert "novex.cli.catalog" in modules and "export" in output and "search" in output
    assert "novex.cli.claims" not in modules and "novex.cli.analysis" not in modules
    assert heavy_in(modules) == []  # a command's own help does not reach the services


@pytest.mark.parametrize(
    "command",
    [*CORE_COMMANDS, *(c for context in registry.contexts() for c in context.cli)],
    ids=lambda c: c.name,
)
def test_the_light_help_table_says_what_each_command_says(command):
    loaded = click_command(command)
    assert SUMMARIES[command.name] == (loaded.help or "").split("\n\n")[0].strip()


def hallo(naam: Annotated[str, typer.Argument()] = "wereld") -> None:
    """Zeg hallo (een proefopdracht)."""
    print(f"hallo {naam}")


def test_a_context_registered_at_run_time_is_listed_and_runs():
    proef = registry.Context(name="proef", cli=(registry.Command("hallo", f"{__name__}:hallo"),))
    with registry.registered(proef):
        listed = runner.invoke(app, ["--help"])
        assert listed.exit_code == 0 and "hallo" in listed.output and "Zeg hallo" in listed.output
        ran = runner.invoke(app, ["hallo", "planner"])
        assert ran.exit_code == 0 and ran.output.strip() == "hallo planner", ran.output
    assert "hallo" not in runner.invoke(app, ["--help"]).output


def test_a_mistyped_command_is_refused_with_a_suggestion():
    result = runner.invoke(app, ["analyze"])
    assert result.exit_code == 2 and "analyse" in result.output
