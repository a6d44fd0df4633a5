"""The web pages of each context (Dutch), thin over the same services as the API and the CLI."""
