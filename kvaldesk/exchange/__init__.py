"""Exchange: files that cross the boundary – templates, spreadsheets, the shared folder."""
