"""Reports and the charts shared by the window and the printed reports (no Qt)."""
