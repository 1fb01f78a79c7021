#!/usr/bin/env bash
# Set up everything the course needs on a fresh Debian/Ubuntu machine; safe to run again.
#   - Debian packages when missing: graphviz (diagrams), nodejs/npm (vendored web assets), and with
#     --with-browser also chromium (the site's browser tests)
#   - a virtual environment in .venv with the pinned Python packages (pyproject.toml)
#   - MathJax, RequireJS and the ipywidgets embed manager from the npm registry (no CDN at run time)
#   - in a git clone, the filter that strips notebook outputs as they are staged (.gitattributes)
# Each step is skipped when already done, so a second run takes seconds.
set -euo pipefail
cd "$(dirname "$0")/.."

want_browser=0
[[ "${1:-}" == "--with-browser" ]] && want_browser=1

missing=()
command -v dot >/dev/null || missing+=(graphviz)
command -v npm >/dev/null || missing+=(nodejs npm)
if (( want_browser )); then command -v chromium >/dev/null || missing+=(chromium); fi
if (( ${#missing[@]} )); then
  if command -v apt-get >/dev/null && [[ $(id -u) == 0 ]]; then
    echo "==> installing Debian packages: ${missing[*]}"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  elif command -v apt-get >/dev/null && command -v sudo >/dev/null; then
    echo "==> installing Debian packages with sudo: ${missing[*]}"
    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "Please install: ${missing[*]} (with your system's package manager), then rerun." >&2
    exit 1
  fi
fi

python=${PYTHON:-python3}

# Notebook outputs never reach a commit: .gitattributes sends every *.ipynb through this clean filter
# (standard library only) when it is staged.  The working copy keeps its outputs.
if command -v git >/dev/null && git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  git config filter.strip-notebook-outputs.clean "$python scripts/strip_outputs.py --clean" ||
    echo "warning: could not configure the git filter that strips notebook outputs (see CONTRIBUTING.md)" >&2
fi

if [[ ! -x .venv/bin/python ]]; then
  echo "==> creating .venv with $($python --version)"
  "$python" -m venv .venv
fi
stamp=.venv/.installed-from
digest=$(sha256sum pyproject.toml | cut -d' ' -f1)
if [[ ! -f $stamp || $(cat "$stamp") != "$digest" ]]; then
  echo "==> installing the pinned Python packages (about a minute the first time)"
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -e '.[test]'
  echo "$digest" > "$stamp"
fi

echo "==> vendored web assets"
.venv/bin/python scripts/vendor_assets.py
