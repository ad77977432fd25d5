"""kvaldesk: kollegial granskning av akter i socialtjänsten (the engine; no Qt)."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("kvaldesk")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0.0.0"
