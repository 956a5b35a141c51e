"""Every page fits a phone (390 x 844) and a small laptop (1366 x 768) with no sideways
scrolling (issue 18): each GET page of the app's url_map, as the user who would open it."""

from __future__ import annotations

from .site import LAPTOP, PHONE

# Who opens each part of the app (by endpoint prefix, the longest first).
READERS = {
    "admin.": "hcm-admin",
    "audit.": "hcm-auditor",
    "decisions.paper_templates": "hcm-admin",
    "decisions.": "hcm-ubnd",
    "postings.": "hcm-snv",
    "selections.": "hcm-sgd",
    "reports.": "lang-son-unit",
    "nominees.": "hcm-unit",
    "dossiers.": "hcm-unit",
    "dossier_drafts.": "hcm-unit",
    "inbox.": "hcm-sgd",
    "auth.": None,
    "public_postings.": None,
}
# Pages that need a query to show anything.
QUERIES = {
    "admin.compare": "?from=1&to=1",
    "audit.diff": "?a={0}&b={1}",
    "selections.sit": "?round=tong-ket-2030&award_form=bang-khen-ubnd&level=so_gddt",
}
EDITED_FILES = ("award_route.dmn", "sector_council.schema.json")
TASK_READERS = {"task_unit": "hcm-unit", "task_sgd": "hcm-sgd"}
# Files, not pages: downloads, exports and assets.
NOT_PAGES = (".docx", ".xlsx", ".pdf", ".csv", ".json", ".bpmn", "/documents/")
NOT_PAGE_ENDPOINTS = {"static", "vendor.static", "vendor.bpmn_js", "healthz"}


def _values(ids: dict) -> dict:
    """A value for each URL argument, from the demo site's data."""
    return {
        "dossier_id": ids["approved"],
        "decision_id": ids["decision"],
        "report_id": ids["report"],
        "posting_id": ids["posting"],
        "sitting_id": ids["sitting"],
        "nominee_id": ids["nominee"],
        "task_id": ids["task_sgd"],
        "key": "hcm-award-chain",
        "number": 1,
        "username": "hcm-sgd",
        "name": EDITED_FILES[0],
        "jurisdiction": "hcm",
    }


def _reader(endpoint: str) -> str | None:
    """The user of READERS, or a reviewer for pages every signed-in user has (profile...)."""
    prefixes = [p for p in READERS if endpoint.startswith(p)]
    return READERS[max(prefixes, key=len)] if prefixes else "hcm-sgd"


def _is_page(rule) -> bool:
    return not (
        rule.rule.startswith("/api")
        or rule.endpoint in NOT_PAGE_ENDPOINTS
        or any(part in rule.rule for part in NOT_PAGES)
        or rule.rule.endswith("/files/<name>")
    )


def page_visits(app, ids: dict) -> list[tuple[str | None, str]]:
    """(user, path) for every HTML page the app answers to GET; the tasks as their lanes."""
    values, visits = _values(ids), []
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or not _is_page(rule):
            continue
        assert rule.arguments <= {*values}, f"no demo value for {rule.rule}: add one to _values"
        if rule.endpoint == "admin.edit_file":  # the decision-table and form editors
            base = "/admin/models/hcm-award-chain/versions/1/files/"
            visits += [("hcm-admin", base + name + "/edit") for name in EDITED_FILES]
            continue
        if rule.endpoint == "tasks.show":
            visits += [(user, f"/tasks/{ids[key]}") for key, user in TASK_READERS.items()]
            continue
        path = rule.build({k: values[k] for k in rule.arguments}, append_unknown=False)[1]
        visits.append(
            (
                _reader(rule.endpoint),
                path + QUERIES.get(rule.endpoint, "").format(*ids["decisions_seq"]),
            )
        )
    return sorted(visits, key=lambda visit: (visit[0] or "", visit[1]))


OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  const scroll = document.documentElement.scrollWidth;
  const clipped = e => {
    for (let p = e.parentElement; p && p !== document.body; p = p.parentElement) {
      if (getComputedStyle(p).overflowX !== 'visible') return true;
    }
    return false;
  };
  const wide = scroll <= window.innerWidth ? [] : [...document.querySelectorAll('body *')]
    .filter(e => e.getBoundingClientRect().right > width + 1 && !clipped(e))
    .slice(0, 3).map(e => e.tagName + '.' + e.className + '#' + e.id);
  return {scroll, inner: window.innerWidth, wide};
}"""


def _too_wide(page) -> list:
    """At each size, how far the page overflows the window and its widest elements."""
    found = []
    for name, size in (("phone", PHONE), ("laptop", LAPTOP)):
        page.set_viewport_size(size)
        measured = page.evaluate(OVERFLOW)
        if measured["scroll"] > measured["inner"]:
            found.append((name, measured["scroll"], measured["wide"]))
    return found


def test_every_page_fits_a_phone_and_a_laptop(site, browser):
    """At 390 x 844 and at 1366 x 768, is no page wider than the window (no sideways
    scrolling), every page opened as the user who would open it?"""
    problems = []
    for user, path in page_visits(site.app, site.ids):
        page = site.page_as(browser, user)
        page.set_viewport_size(PHONE)
        response = page.goto(path)
        if response.status >= 400:
            problems.append((path, user, "answered", response.status))
            continue
        problems += [(path, user, *wide) for wide in _too_wide(page)]
    assert not problems, "\n".join(map(str, problems))


def test_on_a_phone_the_menu_and_the_filters_fold_away(site, browser):
    """At 390 px, does the inbox show its list first (menu and filters folded), and do the
    menu button and the filter panel open them?"""
    page = site.page_as(browser, "hcm-sgd")
    page.set_viewport_size(PHONE)
    page.goto("/")
    assert not page.is_visible("#nav-reports")
    assert not page.is_visible("#q")
    page.click(".nav-toggle")
    assert page.get_attribute(".nav-toggle", "aria-expanded") == "true"
    assert page.is_visible("#nav-reports")
    page.click(".filter-fold > summary")
    assert page.is_visible("#q")
    page.set_viewport_size(LAPTOP)
    page.goto("/")
    assert page.is_visible("#nav-reports") and page.is_visible("#q")
    assert not page.is_visible(".nav-toggle")
