"""CI's log stays readable (issue 32): the Solr smoke check says one line when every
check passed, and everything, the analysis table included, when one failed."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

SMOKE = Path(__file__).resolve().parent.parent / "deploy" / "solr" / "smoke.py"
STEPS = "ok   cluster healthy\nanalysis: Solr configset vs Bahth\n  NO  والعلاقات\n"


def smoke() -> ModuleType:
    spec = importlib.util.spec_from_file_location("smoke", SMOKE)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_a_passing_smoke_check_prints_one_line_without_the_table() -> None:
    printed = smoke().outcome(19, 0, 41, 49, STEPS, verbose=False)
    assert printed.count("\n") == 1
    assert "19 checks passed" in printed and "41/49" in printed and "NO" not in printed


def test_a_failing_smoke_check_prints_every_step_and_the_table() -> None:
    printed = smoke().outcome(18, 1, 41, 49, STEPS, verbose=False)
    assert STEPS in printed and printed.rstrip().endswith("smoke: 1 failed")


def test_verbose_prints_every_step_even_when_all_passed() -> None:
    assert STEPS in smoke().outcome(19, 0, 41, 49, STEPS, verbose=True)
