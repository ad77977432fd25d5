"""The main window's views. Each is a QWidget made with ``View(context)``, with a
``view_name`` and a ``refresh()`` that reloads what it shows from the services."""
