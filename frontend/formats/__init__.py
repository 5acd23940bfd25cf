"""Date and number formats of the site per language (settings.FORMAT_MODULE_PATH)."""
