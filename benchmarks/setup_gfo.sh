#!/usr/bin/env bash
# Make benchmarks/.venv-gfo: geofileops 0.10.2 on Debian's GDAL 3.6.2 (see README.md).
# geofileops >= 0.11 needs GDAL >= 3.8 Python bindings, which Debian 12 cannot build.
# Needs root for apt-get; takes about 10 minutes (GDAL and pyogrio compile).
set -euo pipefail
cd "$(dirname "$0")"
apt-get update -q
DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
    libgdal-dev gdal-bin python3-venv python3-dev libsqlite3-mod-spatialite
# Debian's python3: its sqlite3 module allows loadable extensions (mod_spatialite).
/usr/bin/python3 -m venv .venv-gfo
.venv-gfo/bin/pip install -q --upgrade pip setuptools wheel
# GDAL's setup.py needs numpy present to build gdal_array, hence no build isolation.
.venv-gfo/bin/pip install -q "numpy<2"
.venv-gfo/bin/pip install -q --no-build-isolation GDAL==3.6.2
.venv-gfo/bin/pip install -q -r requirements-gfo.txt
.venv-gfo/bin/python -W ignore -c "import geofileops, osgeo.gdal; print('geofileops', geofileops.__version__, 'GDAL', osgeo.gdal.__version__)"
