"""The web app: server-rendered Dutch pages over the same services as the API."""
