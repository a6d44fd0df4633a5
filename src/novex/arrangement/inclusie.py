"""The five inclusion criteria of the compact Ruimtelijk Arrangement (seed 002 Bijlage 3 §4).

"Vraagstukken worden alleen opgenomen in het Ruimtelijk Arrangement als zij voldoen aan de
volgende criteria" — five criteria that must *all* hold, recorded per vraagstuk with a decision
and a motivation. They are a gate at a different moment from the three triage criteria of seed
002 §3.3 (`novex.dialogue.model.CRITERIA`), which guide the selection for the dialogue ("kan … op
basis van") and are not repeated here.
"""

from __future__ import annotations

from dataclasses import dataclass

from novex.catalog.model import Source

SEED_002 = "002_007158e3502fce0d.txt"
SECTIE = "Bijlage 3. ANNEX > 4. Selectiecriteria en monitoring"

INCLUSIECRITERIA: dict[int, str] = {
    1: "Het vraagstuk is multisectoraal en vraagt om integrale afweging",
    2: "Het betreft een gebied met ruimtelijke spanning of een provincie-overstijgende opgave",
    3: "Het vraagstuk kan niet via een regulier traject worden opgelost",
    4: "Het heeft een bestuurlijke prioriteit binnen de Nota Ruimte en/of de POVI's",
    5: "Behandeling is haalbaar binnen de beschikbare capaciteit en uitvoerbaarheid",
}
"""The five criteria by number, in the seed's words (seed 002 Bijlage 3 §4; the list's ';' left off)."""

BRON = Source(
    seed=SEED_002,
    section=SECTIE,
    quote=(
        "Vraagstukken worden alleen opgenomen in het Ruimtelijk Arrangement als zij voldoen aan de volgende criteria:"
    ),
)
"""The sentence that makes the five criteria a gate: all must hold (seed 002 Bijlage 3 §4)."""


@dataclass(frozen=True)
class Inclusiecriterium:
    """A person's decision on one of the five criteria for one vraagstuk, with the motivation."""

    nummer: int  # 1..5, a key of INCLUSIECRITERIA
    besluit: bool | None = None  # None: not yet decided
    motivering: str = ""

    @property
    def tekst(self) -> str:
        """The criterion in the seed's words."""
        return INCLUSIECRITERIA.get(self.nummer, "")


@dataclass(frozen=True)
class Inclusie:
    """Whether one vraagstuk enters the compact RA: the five criteria, each decided and motivated."""

    vraagstuk_id: int
    criteria: tuple[Inclusiecriterium, ...] = ()

    def criterium(self, nummer: int) -> Inclusiecriterium | None:
        """The decision on criterion `nummer`, if recorded."""
        return next((c for c in self.criteria if c.nummer == nummer), None)

    @property
    def compleet(self) -> bool:
        """Every criterion decided (yes or no) with a motivation."""
        return all(
            (c := self.criterium(n)) is not None and c.besluit is not None and bool(c.motivering.strip())
            for n in INCLUSIECRITERIA
        )

    @property
    def opgenomen(self) -> bool:
        """Included only when all five criteria hold ("alleen … als", seed 002 Bijlage 3 §4)."""
        return all((c := self.criterium(n)) is not None and c.besluit is True for n in INCLUSIECRITERIA)

    @property
    def niet_voldaan(self) -> tuple[int, ...]:
        """The numbers of the criteria not (yet) decided as met, in order."""
        return tuple(n for n in INCLUSIECRITERIA if (c := self.criterium(n)) is None or c.besluit is not True)


def inclusie_problemen(inclusie: Inclusie) -> list[str]:
    """What is malformed in a recorded inclusion (Dutch; empty when sound): unknown or doubled criteria."""
    problems = []
    numbers = [c.nummer for c in inclusie.criteria]
    problems += [f"vraagstuk {inclusie.vraagstuk_id}: onbekend inclusiecriterium {n} (kies 1 tot en met 5)"
                 for n in numbers if n not in INCLUSIECRITERIA]  # fmt: skip
    problems += [f"vraagstuk {inclusie.vraagstuk_id}: inclusiecriterium {n} staat er meer dan eens"
                 for n in sorted(set(numbers)) if numbers.count(n) > 1]  # fmt: skip
    return problems


def reden_niet_opgenomen(inclusie: Inclusie) -> str | None:
    """Why the vraagstuk does not enter the RA, in plain Dutch; None when all five criteria hold."""
    if inclusie.opgenomen:
        return None
    missing = ", ".join(str(n) for n in inclusie.niet_voldaan)
    return (
        f"vraagstuk {inclusie.vraagstuk_id} voldoet niet aan alle vijf inclusiecriteria van seed 002 "
        f"Bijlage 3 §4 (niet voldaan of nog niet besloten: {missing})"
    )
