"""Every page each demo role can reach (issue 18): no console error, no script error, no
missing asset, and axe-core finds no serious or critical accessibility violation.

One signed-in browser per role follows the same-origin links breadth-first from the inbox,
opening each kind of page (the view that answers it) once per role; axe runs once
on each kind of page."""

from __future__ import annotations

import re
from collections import deque
from urllib.parse import urldefrag, urlsplit

from workflow_app.config import PROJECT_ROOT

from .site import ROLES

AXE = PROJECT_ROOT / "node_modules" / "axe-core" / "axe.min.js"
AXE_SOURCE = AXE.read_text(encoding="utf-8") + "\n;0"
PAGES_PER_ROLE = 40
# Links to files, not pages, and the ones that sign out or only answer scripts.
SKIP = re.compile(
    r"\.(docx|xlsx|pdf|csv|json|bpmn|dmn|xml|png|svg)$|/files/[^/]+$|/documents/\d+$|^/(api|static|vendor)/"
)
RUN_AXE = """async () => {
  // bpmn-js draws the diagram's inside; its box (#diagram) is still checked.
  const context = {exclude: [['.djs-container']]};
  const result = await axe.run(context, {resultTypes: ['violations']});
  return result.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
    .map(v => ({id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
}"""


def _kind(urls, path: str) -> str:
    """A page's kind: the view that answers it (every dossier's page is one kind)."""
    try:
        return urls.match(path.split("?")[0], method="GET")[0]
    except Exception:  # a redirect or an unknown path: the path itself
        return path


def _links(page, origin: str) -> list[str]:
    hrefs = page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)")
    paths = []
    for href in hrefs:
        url = urldefrag(href)[0]
        parts = urlsplit(url)
        if f"{parts.scheme}://{parts.netloc}" != origin or SKIP.search(parts.path):
            continue
        paths.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return paths


class Watcher:
    """What went wrong while a page loaded: console errors, script errors, failed assets."""

    def __init__(self, page):
        self.problems: list[str] = []
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.problems.append(f"script error: {error}"))
        page.on("response", self._response)

    def _console(self, message) -> None:
        if message.type == "error":
            self.problems.append(f"console: {message.text}")

    def _response(self, response) -> None:
        if response.status >= 400 and response.request.resource_type != "document":
            self.problems.append(f"{response.status} {response.url}")

    def take(self) -> list[str]:
        taken, self.problems = self.problems, []
        return taken


def _crawl(site, browser, username, axed: set) -> list:
    page, urls = site.page_as(browser, username), site.app.url_map.bind("localhost")
    watcher = Watcher(page)
    queue, seen, found = deque(["/"]), {_kind(urls, "/")}, []
    visited = 0
    while queue and visited < PAGES_PER_ROLE:
        path = queue.popleft()
        response = page.goto(path)
        visited += 1
        if response.status >= 400:
            found.append((username, path, f"answered {response.status}"))
        found += [(username, path, problem) for problem in watcher.take()]
        if _kind(urls, path) not in axed:
            axed.add(_kind(urls, path))
            page.evaluate(AXE_SOURCE)  # not a <script>: the app's CSP rightly refuses those
            found += [(username, path, violation) for violation in page.evaluate(RUN_AXE)]
        for link in _links(page, site.base_url):
            kind = _kind(urls, link)
            if kind not in seen and link != "/logout":
                seen.add(kind)
                queue.append(link)
    return found


def test_every_role_crawls_the_site_without_errors_or_serious_axe_findings(site, browser):
    """As each demo role, does every page reached by links load with no console error, no
    script error, no failed asset, and no serious or critical axe violation?"""
    axed: set[str] = set()
    found = []
    for username in ROLES:
        found += _crawl(site, browser, username, axed)
    assert not found, "\n".join(map(str, found))
