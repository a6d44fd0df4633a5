"""The second pillar of NOVEX: the sixteen NOVEX-gebieden, where they lie, and what lies inside them.

Seed 002 §3.5: "NOVEX kent twee complementaire pijlers" — the twelve provinces, and the NOVEX areas
where all governments work together on a leading task. The catalogue holds each area's facts (seed 003
Bijlage I, seed 004 Bijlage 3); this context adds its extent on the map (indicative, derived from the
factsheet's *Ligging*, or an official boundary imported by VRO) and the analysis inside it.
"""
