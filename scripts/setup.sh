#!/usr/bin/env bash
# Set up everything the course needs; safe to run again.  Debian/Ubuntu, macOS (Apple silicon) and any other
# Unix where the tools below are already installed.  Written for macOS's bash 3.2 and BSD tools too.
#   - system tools when missing: graphviz (diagrams), Node.js/npm (vendored web assets), and with
#     --with-browser a Chromium browser (the site's browser tests); installed with apt-get on Debian/Ubuntu
#     and with Homebrew on macOS (which gets the browser named, not installed)
#   - a virtual environment in .venv, made with Python 3.11 or 3.12, with the pinned packages (pyproject.toml)
#   - MathJax, RequireJS and the ipywidgets embed manager from the npm registry (no CDN at run time)
#   - in a git clone, nbstripout as the filter that strips notebook outputs as they are staged (.gitattributes)
# Each step is skipped when already done, so a second run takes seconds.
set -euo pipefail
cd "$(dirname "$0")/.."

want_browser=0
[[ "${1:-}" == "--with-browser" ]] && want_browser=1
system=$(uname -s)   # Linux, Darwin, ...
machine=$(uname -m)  # x86_64, aarch64, arm64, ...

if [[ $system == Darwin && $machine == x86_64 ]]; then
  echo "TensorFlow 2.21, which the course pins, has no build for Intel Macs (its wheels: Linux x86_64 and" >&2
  echo "aarch64, macOS arm64, Windows amd64).  On an Intel Mac, run the course in the cloud: see README.md," >&2
  echo "\"On macOS, Windows and Linux ARM\".  (On an Apple-silicon Mac, this shell runs under Rosetta: open a" >&2
  echo "native arm64 terminal and rerun.)" >&2
  exit 1
fi

# Python 3.11 or 3.12 (pyproject.toml's requires-python): $PYTHON, else the first of these that is one.
python_fits() { "$1" -c 'import sys; sys.exit(not (3, 11) <= sys.version_info[:2] < (3, 13))' 2>/dev/null; }
python=${PYTHON:-}
if [[ -z $python ]]; then
  for candidate in python3 python3.11 python3.12; do
    if command -v "$candidate" >/dev/null && python_fits "$candidate"; then python=$candidate; break; fi
  done
fi
if [[ -z $python ]] || ! python_fits "$python"; then
  echo "The course needs Python 3.11 or 3.12 (found: $(python3 --version 2>&1 || echo none))." >&2
  if [[ $system == Darwin ]]; then
    echo "Install it with Homebrew: brew install python@3.11   then rerun." >&2
  elif command -v apt-get >/dev/null; then
    echo "Install it: apt-get install python3.11 python3.11-venv (or python3.12 ...), then rerun." >&2
  fi
  echo "Or point PYTHON at one: PYTHON=/path/to/python3.11 $0" >&2
  exit 1
fi

# Missing system tools, by the names each package manager gives them.  Strings rather than arrays: bash 3.2
# (macOS) treats an empty array as unset under `set -u`.
apt_packages="" brew_formulae="" brew_cask="" other=""
if ! command -v dot >/dev/null; then apt_packages+=" graphviz"; brew_formulae+=" graphviz"; other+=" graphviz"; fi
if ! command -v npm >/dev/null; then apt_packages+=" nodejs npm"; brew_formulae+=" node"; other+=" nodejs/npm"; fi
if [[ ! -x .venv/bin/python ]] && ! "$python" -c 'import ensurepip' 2>/dev/null; then
  # Debian/Ubuntu ship `python -m venv`'s pip separately, as python3.X-venv
  apt_packages+=" $("$python" -c 'import sys; print("python%d.%d-venv" % sys.version_info[:2])')"
fi

# The browser tests drive Chromium or Google Chrome: AUTOENCODER_COURSE_CHROMIUM, else Debian's
# /usr/bin/chromium (tests/site/browser_support.py).
mac_browser() {
  local app
  for app in "/Applications/Chromium.app/Contents/MacOS/Chromium" \
             "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome" \
             "$HOME/Applications/Chromium.app/Contents/MacOS/Chromium" \
             "$HOME/Applications/Google Chrome.app/Contents/MacOS/Google Chrome"; do
    if [[ -x $app ]]; then echo "$app"; return 0; fi
  done
  return 1
}
browser_note=""
if (( want_browser )) && [[ ! -x ${AUTOENCODER_COURSE_CHROMIUM:-/usr/bin/chromium} ]]; then
  if [[ $system == Darwin ]]; then
    if app=$(mac_browser); then
      browser_note="for the browser tests, export AUTOENCODER_COURSE_CHROMIUM=\"$app\""
    else
      brew_cask=" google-chrome"
    fi
  elif command -v chromium >/dev/null; then
    browser_note="for the browser tests, export AUTOENCODER_COURSE_CHROMIUM=\"$(command -v chromium)\""
  else
    apt_packages+=" chromium"; other+=" chromium"
  fi
fi

if [[ $system == Darwin ]]; then
  if [[ -n $brew_formulae ]] && command -v brew >/dev/null; then
    echo "==> installing with Homebrew:$brew_formulae"
    # shellcheck disable=SC2086  # a list of names, split on purpose
    brew install $brew_formulae
    brew_formulae=""
  fi
  if [[ -n $brew_formulae$brew_cask ]]; then
    echo "Please install with Homebrew (https://brew.sh), then rerun:" >&2
    [[ -z $brew_formulae ]] || echo "  brew install$brew_formulae" >&2
    [[ -z $brew_cask ]] ||
      echo "  brew install --cask$brew_cask   (browser tests; or set AUTOENCODER_COURSE_CHROMIUM to a Chromium)" >&2
    exit 1
  fi
  make_version=$(make --version 2>/dev/null || true)
  case ${make_version%%$'\n'*} in
    "GNU Make "[4-9]*) ;;
    *) command -v gmake >/dev/null ||
         echo "note: \`make test\` needs GNU Make 4+ (macOS's is 3.81): brew install make, then use gmake" >&2 ;;
  esac
elif [[ -n $apt_packages ]]; then
  # shellcheck disable=SC2086  # $apt_packages is a list of names, split on purpose
  if command -v apt-get >/dev/null && [[ $(id -u) == 0 ]]; then
    echo "==> installing Debian packages:$apt_packages"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $apt_packages >/dev/null
  elif command -v apt-get >/dev/null && command -v sudo >/dev/null; then
    echo "==> installing Debian packages with sudo:$apt_packages"
    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $apt_packages >/dev/null
  elif [[ -n $other ]]; then
    echo "Please install:$other (with your system's package manager), then rerun." >&2
    exit 1
  fi
fi
[[ -z $browser_note ]] || echo "note: $browser_note" >&2

if [[ ! -x .venv/bin/python ]]; then
  echo "==> creating .venv with $($python --version)"
  "$python" -m venv .venv
elif ! python_fits .venv/bin/python; then
  echo ".venv was made with $(.venv/bin/python --version 2>&1), the course needs 3.11 or 3.12: remove .venv, rerun." >&2
  exit 1
fi

# GNU coreutils' sha256sum, or shasum on macOS: the same hex digest.
sha256() { if command -v sha256sum >/dev/null; then sha256sum "$1"; else shasum -a 256 "$1"; fi | cut -d' ' -f1; }
stamp=.venv/.installed-from
digest=$(sha256 pyproject.toml)
if [[ ! -f $stamp || $(cat "$stamp") != "$digest" ]]; then
  echo "==> installing the pinned Python packages (about a minute the first time)"
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -e '.[test]'
  echo "$digest" > "$stamp"
fi

# Notebook outputs never reach a commit: .gitattributes sends every *.ipynb through nbstripout (installed
# above) when it is staged; --keep-id keeps the cell ids the book and the student edition refer to.  The
# working copy keeps its outputs.
if command -v git >/dev/null && git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  git config filter.nbstripout.clean ".venv/bin/nbstripout --keep-id" ||
    echo "warning: could not configure the git filter that strips notebook outputs (see CONTRIBUTING.md)" >&2
fi

echo "==> vendored web assets"
.venv/bin/python scripts/vendor_assets.py
