"""Reliability and security trials (issue #9): hostile files, crashes, mail faults, concurrency, secrets.

Plain ``make test`` runs every trial with few repetitions; ``make stress`` (``BIJIE_STRESS=1``)
runs the full counts reported in ``docs/RELIABILITY.md``.
"""

import os

#: True under ``make stress``: long trials run their full count.
STRESS = os.environ.get("BIJIE_STRESS") == "1"
