#!/usr/bin/env bash
# The git-ignored venvs of the Django releases djsign reproduces, one per release, each the
# judge of its own behaviour: `source scripts/venvs.sh` (from the repository root), then
# `ensure_venvs`. 4.2 and 5.2 run on the Python 3.11 on PATH; 6.0 and 6.1 need Python 3.12
# (pyenv's 3.12.1). A venv whose Django or jsonschema is not the pinned one is made again.

venv() {  # venv DIR DJANGO [PYENV_VERSION]
    if ! "$1/bin/python" -c 'import django, jsonschema, sys; sys.exit(django.get_version() != sys.argv[1])' "$2" 2>/dev/null; then
        rm -rf "$1"
        if [ -n "${3:-}" ]; then PYENV_VERSION="$3" python3 -m venv "$1"; else python3 -m venv "$1"; fi
        "$1/bin/pip" install --progress-bar off --disable-pip-version-check "Django==$2" jsonschema==4.23.0
    fi
}

# "DIR VERSION" for each release, in order.
DJANGO_VENVS=(".venv42 4.2" ".venv 5.2" ".venv60 6.0" ".venv61 6.1")

ensure_venvs() {
    venv .venv42 4.2.30
    venv .venv 5.2.19
    venv .venv60 6.0.10 3.12.1
    venv .venv61 6.1.3 3.12.1
}
