"""The department desk (``bijie-etl serve``): accounts, uploads with instant feedback, 情况说明.

See :mod:`bijie_etl.desk.app` for who may see what, :mod:`bijie_etl.desk.upload` for the dry run
and the submission, :mod:`bijie_etl.desk.store` for the desk's own database.
"""

from bijie_etl.desk.store import AccountError, DeskStore, Role, User

__all__ = ["AccountError", "DeskStore", "Role", "User", "create_app"]


def create_app(*args: object, **kwargs: object) -> object:
    """The desk's ASGI app (see :func:`bijie_etl.desk.app.create_app`)."""
    from bijie_etl.desk.app import create_app as _create

    return _create(*args, **kwargs)  # type: ignore[arg-type]
