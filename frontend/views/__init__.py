"""The server-rendered pages, one module per area. They parse forms, call the same services and
selectors as the API, and render; every form POSTs and redirects, so the whole site works
without JavaScript."""
