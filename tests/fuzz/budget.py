"""How many examples each fuzz test runs, and where a failing one is kept.

The README's test command runs every fuzz test at its small default budget (the whole
suite in about two minutes on two cores); `HYPOTHESIS_PROFILE=long` multiplies every
budget by LONG_FACTOR for a run of an hour or so. A failing example is written to
`tests/fuzz/examples/`, which is kept in the repository, so a case once found is tried
first on every later run, on every machine, until it passes; each fixed case is also
written down as an `@example` next to its test, so it is never lost.
"""

from __future__ import annotations

import os
from pathlib import Path

from hypothesis import HealthCheck, settings
from hypothesis.database import DirectoryBasedExampleDatabase

EXAMPLES = Path(__file__).resolve().parent / "examples"
LONG_FACTOR = 40

settings.register_profile(
    "fuzz",
    database=DirectoryBasedExampleDatabase(EXAMPLES),
    deadline=None,  # an example that unlocks a vault takes tens of milliseconds, unevenly
    derandomize=False,
    print_blob=True,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,  # the fixtures used are module-wide on purpose
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.large_base_example,
    ],
)
settings.register_profile("long", settings.get_profile("fuzz"))


def fuzz(examples: int) -> settings:
    """The settings of one fuzz test: `examples` by default, many more on a long run."""
    factor = LONG_FACTOR if os.environ.get("HYPOTHESIS_PROFILE") == "long" else 1
    return settings(settings.get_profile("fuzz"), max_examples=examples * factor)
