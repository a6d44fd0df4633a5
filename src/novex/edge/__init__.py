"""What the API and the web app share: request dependencies, error translation, uploads, rate limits.

Neither edge imports the other; both build on this module and on `novex.bootstrap`.
"""
