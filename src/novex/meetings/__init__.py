"""Step 4 of the cycle, continued: the yearly meeting cycle, the fast procedure and the werkplaatsen (seed 002 §4.2–4.3, seed 001)."""  # noqa: E501
