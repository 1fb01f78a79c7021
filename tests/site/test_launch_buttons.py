"""Launch buttons on every notebook page: Binder, Colab and JupyterHub, all built from the one
`repository.url` (+ `branch`) of the book's _config.yml, and a download button for the notebook; all of
them open the notebook's student edition (student/<path>, scripts/student_edition.py), not its source.

Plain-file checks of the built site (no browser).  The book's _config.yml is the one next to the
site's _build folder (for the default site: this repository's).
"""

from __future__ import annotations

import json
import os
import re
from html import unescape
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]


def _skipped(relative: Path) -> bool:
    """Theme fragments under _static, and stray folders such as .pytest_cache, are not pages."""
    return any(part == "_static" or part.startswith(".") for part in relative.parts)


@pytest.fixture(scope="module")
def book_config(site_dir):
    config_path = site_dir.parent.parent / "_config.yml"
    assert config_path.exists(), f"no _config.yml next to {site_dir.parent}"
    config = yaml.safe_load(config_path.read_text(encoding="utf-8"))
    url = (config.get("repository") or {}).get("url")
    assert url and url.startswith("https://github.com/"), (
        f"{config_path}: set repository.url to the course's GitHub repository (the one setting all launch "
        "buttons are built from)"
    )
    return config


def _notebook_pages(site_dir: Path) -> list[Path]:
    return sorted(
        p
        for p in site_dir.rglob("*.html")
        if not _skipped(p.relative_to(site_dir))
        and 'class="live-code-bar"' in p.read_text(encoding="utf-8", errors="replace")
    )


def _hrefs(text: str) -> list[str]:
    return [unescape(h) for h in re.findall(r'href="([^"]+)"', text)]


def test_launch_buttons_come_from_the_one_repository_url(site_dir, book_config):
    repo = book_config["repository"]["url"].rstrip("/")
    branch = book_config["repository"].get("branch", "main")
    org_repo = repo.removeprefix("https://github.com/")
    launch = book_config.get("launch_buttons") or {}
    pages = _notebook_pages(site_dir)
    assert pages, "no notebook page in the built site"
    for page in pages:
        # Live Code runs the page's own cells; every other button opens the student edition.
        source = "student/" + re.search(r'data-live-code-path="([^"]+)"', page.read_text(encoding="utf-8")).group(1)
        hrefs = _hrefs(page.read_text(encoding="utf-8"))
        name = page.relative_to(site_dir)
        assert (site_dir.parent.parent / source).is_file(), f"{name}: {source} is missing: run `make student`"
        if launch.get("binderhub_url"):
            binder = f"{launch['binderhub_url'].rstrip('/')}/v2/gh/{org_repo}/{branch}?urlpath="
            assert any(h.startswith(binder) and h.endswith(source) for h in hrefs), (
                f"{name}: no Binder link {binder}...{source}"
            )
        else:
            pytest.fail("launch_buttons.binderhub_url is not set in _config.yml")
        if launch.get("colab_url"):
            colab = f"{launch['colab_url'].rstrip('/')}/github/{org_repo}/blob/{branch}/{source}"
            assert colab in hrefs, f"{name}: no Colab link {colab}"
        else:
            pytest.fail("launch_buttons.colab_url is not set in _config.yml")
        hub_links = [h for h in hrefs if "git-pull?" in h or "jupyterhub-launch.html?" in h]
        assert hub_links, f"{name}: no JupyterHub link"
        query = parse_qs(urlsplit(hub_links[0]).query)
        assert query["repo"] == [repo] and query["branch"] == [branch], f"{name}: JupyterHub link {hub_links[0]}"
        assert query["urlpath"][0].endswith(f"{org_repo.split('/')[1]}/{source}"), f"{name}: {query['urlpath']}"
        if "jupyterhub-launch.html?" in hub_links[0]:
            target = (page.parent / hub_links[0].split("?")[0]).resolve()
            assert target.exists(), f"{name}: {hub_links[0]} is missing from the site"


def test_every_notebook_page_offers_its_notebook_for_download(site_dir):
    for page in _notebook_pages(site_dir):
        text = page.read_text(encoding="utf-8")
        source = re.search(r'data-live-code-path="([^"]+)"', text).group(1)
        downloads = [h for h in _hrefs(text) if h.endswith(".ipynb") and "_sources/" in h]
        assert downloads, f"{page.relative_to(site_dir)}: no download link for {source}"
        notebook = (page.parent / downloads[0]).resolve()
        assert notebook.exists(), f"{page.relative_to(site_dir)}: {downloads[0]} is missing"
        data = json.loads(notebook.read_text(encoding="utf-8"))
        assert data.get("nbformat") == 4 and data.get("cells"), f"{notebook.name} is not a notebook"


# What only Jupyter Book renders, and must not reach a learner who downloads a notebook.
RAW_MYST = ["{glue", "{exercise", "{solution", "{cite", ":class:", ":label:", "{admonition", "```{"]


def test_the_download_button_gives_the_student_edition(site_dir):
    book = site_dir.parent.parent
    for page in _notebook_pages(site_dir):
        text = page.read_text(encoding="utf-8")
        source = re.search(r'data-live-code-path="([^"]+)"', text).group(1)
        downloads = [h for h in _hrefs(text) if h.endswith(".ipynb") and "_sources/" in h]
        assert downloads, f"{page.relative_to(site_dir)}: no download link"
        downloaded = (page.parent / downloads[0]).resolve()
        data = json.loads(downloaded.read_text(encoding="utf-8"))
        name = f"{page.relative_to(site_dir)} ({downloads[0]})"
        assert downloaded.read_bytes() == (book / "student" / source).read_bytes(), (
            f"{name}: the download is not student/{source}"
        )
        markdown = "\n".join("".join(c["source"]) for c in data["cells"] if c["cell_type"] == "markdown")
        assert not [m for m in RAW_MYST if m in markdown], f"{name}: raw MyST markup in the download"
        assert '"google.colab" in sys.modules' in "".join(data["cells"][0]["source"]), f"{name}: no Colab cell first"
        original = json.loads((book / source).read_text(encoding="utf-8"))
        hidden = {c.get("id") for c in original["cells"] if "remove-cell" in c.get("metadata", {}).get("tags", [])}
        ids = {c.get("id") for c in data["cells"]}
        assert not hidden & ids, f"{name}: hidden assertion cells are in the download"
        assert not any("remove-cell" in c.get("metadata", {}).get("tags", []) for c in data["cells"]), name


def test_binder_installs_the_course_package():
    post_build = ROOT / "postBuild"
    assert post_build.exists(), "postBuild is missing: Binder would not install the course's lib"
    assert os.access(post_build, os.X_OK), "postBuild must be executable"
    text = post_build.read_text(encoding="utf-8")
    assert re.search(r"pip install .*-e \.", text), "postBuild does not `pip install -e .` the course"
    assert (ROOT / "environment.yml").exists(), "environment.yml (Binder's environment) is missing"
