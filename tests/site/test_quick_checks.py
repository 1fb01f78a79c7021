"""Quick checks on the built pages (_ext/quick_check.py): each chapter has at least three, and a reader who
picks an option in a real browser, with no kernel, sees that option's verdict and nothing else."""

from __future__ import annotations

import re

import pytest
from test_pages_browser import SITE, _pages

CHAPTERS = [p for p in _pages() if re.match(r"^chapters/\d\d_[^/]+\.html$", p)]


@pytest.mark.parametrize("page_path", CHAPTERS)
def test_each_chapter_page_has_three_quick_checks_with_one_right_option_each(page_path, site_dir):
    html = (SITE / page_path).read_text(encoding="utf-8")
    checks = html.split('<div class="quick-check ')[1:]
    assert len(checks) >= 3, f"{page_path}: {len(checks)} quick checks on the page (at least 3)"
    for check in checks:
        check = check[: check.index("</details>\n</div>")]
        assert check.count('class="quick-check-choice right"') == 1, check[:300]
        assert 'class="quick-check-choice wrong"' in check, check[:300]


def test_a_reader_answers_one_right_and_one_wrong(served_site, new_page):
    page = new_page()
    page.goto(served_site.url + CHAPTERS[0], wait_until="load")
    check = page.locator("div.quick-check").first
    right, wrong = check.locator("details.right"), check.locator("details.wrong").first
    assert not right.locator(".quick-check-feedback").is_visible()  # nothing is given away before a choice
    wrong.locator("summary").click()
    assert wrong.locator(".quick-check-feedback").is_visible()
    assert wrong.locator(".quick-check-feedback").inner_text().startswith("Not quite.")
    assert not right.locator(".quick-check-feedback").is_visible()
    right.locator("summary").focus()
    page.keyboard.press("Enter")  # the keyboard works as the mouse does
    assert right.locator(".quick-check-feedback").inner_text().startswith("Right.")
