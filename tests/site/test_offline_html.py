"""The built pages load nothing from outside their own site (no CDN), checked in the files themselves.

Links a reader may follow (a paper's DOI in the bibliography) are allowed; anything the browser
would fetch on its own (scripts, styles, fonts, images, frames, widget bundles) must be local.
"""

import re
from html.parser import HTMLParser

# Attributes through which a page makes the browser fetch something by itself.
FETCHING = {
    ("script", "src"),
    ("img", "src"),
    ("iframe", "src"),
    ("source", "src"),
    ("video", "src"),
    ("audio", "src"),
    ("embed", "src"),
    ("object", "data"),
    ("input", "src"),
    ("track", "src"),
}
LINK_FETCHING_RELS = {"stylesheet", "preload", "modulepreload", "icon", "shortcut icon", "prefetch", "manifest"}
EXTERNAL = re.compile(r"^\s*(https?:)?//", re.IGNORECASE)
CSS_URL = re.compile(r"url\(\s*['\"]?((?:https?:)?//[^'\")]+)", re.IGNORECASE)
CSS_IMPORT = re.compile(r"@import\s+['\"]((?:https?:)?//[^'\"]+)", re.IGNORECASE)


class ExternalFetches(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for t, name in FETCHING:
            if tag == t and attrs.get(name) and EXTERNAL.match(attrs[name]):
                self.found.append(f"<{tag} {name}={attrs[name]}>")
        if tag == "link" and attrs.get("href") and EXTERNAL.match(attrs["href"]):
            if (attrs.get("rel") or "").lower() in LINK_FETCHING_RELS:
                self.found.append(f"<link rel={attrs.get('rel')} href={attrs['href']}>")
        for name, value in attrs.items():
            # e.g. data-jupyter-widgets-cdn: where the widget manager would download bundles from
            if name.startswith("data-") and "cdn" in name and value and EXTERNAL.match(value):
                self.found.append(f"<{tag} {name}={value}>")
        if attrs.get("style"):
            self.found += CSS_URL.findall(attrs["style"])


def pages(site_dir):
    """The book's pages (not the theme's template fragments under _static)."""
    return [p for p in site_dir.rglob("*.html") if "_static" not in p.relative_to(site_dir).parts]


def test_pages_exist(site_dir):
    found = pages(site_dir)
    assert len(found) >= 3, f"expected the intro, chapters and bibliography, found {len(found)} pages"


def test_no_page_fetches_from_outside(site_dir):
    problems = {}
    for page in pages(site_dir):
        parser = ExternalFetches()
        text = page.read_text(encoding="utf-8", errors="replace")
        parser.feed(text)
        # inline <style> blocks
        for block in re.findall(r"<style[^>]*>(.*?)</style>", text, re.S | re.I):
            parser.found += CSS_URL.findall(block) + CSS_IMPORT.findall(block)
        if parser.found:
            problems[str(page.relative_to(site_dir))] = sorted(set(parser.found))[:5]
    assert not problems, f"pages that fetch from outside the site: {problems}"


def test_no_stylesheet_fetches_from_outside(site_dir):
    problems = {}
    for sheet in site_dir.rglob("*.css"):
        text = sheet.read_text(encoding="utf-8", errors="replace")
        found = CSS_URL.findall(text) + CSS_IMPORT.findall(text)
        if found:
            problems[str(sheet.relative_to(site_dir))] = sorted(set(found))[:5]
    assert not problems, f"stylesheets that fetch from outside the site: {problems}"


def test_mathjax_and_widget_manager_are_local(site_dir):
    checked_math = checked_widgets = 0
    for page in pages(site_dir):
        text = page.read_text(encoding="utf-8")
        scripts = re.findall(r'<script[^>]*src="([^"]+)"', text)
        for script in scripts:
            if not EXTERNAL.match(script):
                target = (page.parent / script.split("?")[0]).resolve()
                assert target.exists(), f"{page.name}: {script} is referenced but missing from the built site"
        if 'class="math' in text:
            checked_math += 1
            assert any("vendor/mathjax/" in s for s in scripts), f"{page.name}: MathJax not loaded from the site"
        if "application/vnd.jupyter.widget-state+json" in text:
            checked_widgets += 1
            assert any("vendor/html-manager/" in s for s in scripts), f"{page.name}: widget manager not local"
            assert any("vendor/requirejs/" in s for s in scripts), f"{page.name}: RequireJS not local"
    assert checked_math >= 1, "no page with math was found: the check above checked nothing"
