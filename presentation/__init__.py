"""How SAAR-monitor speaks to people: every figure's format and names (``measures.toml``), the Dutch texts'
one loader and the Dutch way of writing numbers. Serves the reports and the dashboard; imports nothing of
them (docs/DEVELOPING.md, "Layers")."""
