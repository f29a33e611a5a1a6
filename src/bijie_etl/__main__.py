"""``python -m bijie_etl …`` is the ``bijie-etl`` command."""

from bijie_etl.cli import main

main()
