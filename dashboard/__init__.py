"""The dashboard's helpers: session and caches, reading the uploads, the view, the sidebar, widgets,
charts, the incident thread, downloads and the Dutch interface texts. The page scripts that use them are
in ``app_pages/``; ``app.py`` frames them."""
