"""The main window's views and the parts they are built from. Each view (``*_view.py``) is a
QWidget made with ``View(context)``, with a ``view_name`` and a ``refresh()`` that reloads what
it shows from the services; the other modules are its panes, panels and tables."""
