"""Documents rendered for people: Jinja2 → HTML → (WeasyPrint) PDF, in Dutch."""
