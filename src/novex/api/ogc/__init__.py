"""OGC API Features (Part 1 Core, Part 2 CRS by Reference; GeoJSON and HTML) at /ogc/v1, over novex's services.

Why an own small router rather than a kept implementation (issue 23 preferred one where it fits):

- pygeoapi (the OSGeo reference implementation) takes a custom provider, but a provider is built from the
  server's YAML configuration and its `query()` receives no request: not the bearer token, not the user. A
  provider over novex's services could not pass the actor every service read starts with, so the roles of the
  API would not hold (or would need a thread-local hack around pygeoapi's Starlette app), and its collections
  are fixed in configuration while novex has one per voorstel and per restriction layer.
- tipg reads PostGIS tables directly: it bypasses the services (and their role checks) and does not run on
  SQLite, novex's default database.

So this package is a thin FastAPI edge: `sources` reads through the services with the acting user
(`novex.edge.deps`: bearer token or session cookie, like the REST API), `crs` converts RD New to CRS84, RD New
or ETRS89 (OGC CRS URIs, the CRS's own axis order, RFC 7946 right-hand rule), `params` reads the query (400 in
Dutch naming the parameter), `routes` answers in GeoJSON (geojson-pydantic models) or HTML (`templates/`).
"""
