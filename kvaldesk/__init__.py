"""kvaldesk: kollegial granskning av akter i socialtjänsten (the engine; no Qt).

``__version__`` is looked up in the installed package's metadata when first asked for:
importing ``importlib.metadata`` and reading the metadata would otherwise delay every start.
"""

from functools import cache


@cache
def _installed_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("kvaldesk")
    except PackageNotFoundError:  # running from a source tree that is not installed
        return "0.0.0"


def __getattr__(name: str) -> str:
    if name == "__version__":
        return _installed_version()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
