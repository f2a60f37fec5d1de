"""The top of the house: the landing page, the dashboard, the menu and the warm-up — the one app
that may import every other (docs/ARCHITECTURE.md, layers)."""
