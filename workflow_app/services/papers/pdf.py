"""K3: the Quyết định with its list as a PDF, rendered from HTML by WeasyPrint (Pango draws
the Vietnamese; fonts-dejavu is installed by the Makefile), then signed by `signatures`."""

from __future__ import annotations

from jinja2 import Environment

from ...domain.errors import Conflict, NotAllowed
from ..context import ServiceContext
from . import wording
from .decisions import get_decision
from .render import decision_context, decision_jurisdiction
from .signatures import current_credential, sign_pdf

_HTML = Environment(autoescape=True).from_string(
    """<!doctype html><html lang="vi"><head><meta charset="utf-8"><style>
@page { size: A4; margin: 2cm 2cm 2cm 3cm; }
body { font-family: "DejaVu Serif", "Times New Roman", serif; font-size: 12pt; }
.head { width: 100%; text-align: center; font-size: 11pt; } .head td { vertical-align: top; }
.b { font-weight: bold; } .i { font-style: italic; }
h1 { text-align: center; font-size: 14pt; margin: 1em 0 0; } .c { text-align: center; }
table.list { width: 100%; border-collapse: collapse; font-size: 10pt; }
table.list td, table.list th { border: 1px solid #000; padding: 2pt 4pt; }
.sign { margin-left: 50%; text-align: center; margin-top: 1em; height: 4cm; }
.page { page-break-before: always; }
</style></head><body>
<table class="head"><tr><td style="width: 40%"><div class="b">{{ authority_upper }}</div>
<div>Số: {{ reference }}</div></td>
<td><div class="b">{{ motto[0] }}</div><div class="b">{{ motto[1] }}</div>
<div class="i">{{ place }}, {{ date_text }}</div></td></tr></table>
<h1>QUYẾT ĐỊNH</h1><p class="c b">Về việc tặng {{ award_title }}</p>
<p class="c b">{{ decider_heading }}</p>
{% for line in legal_bases %}<p class="i">{{ line }}</p>{% endfor %}
<p class="c b">QUYẾT ĐỊNH:</p>
<p>Điều 1. {{ article_1 }}</p><p>Điều 2. {{ article_2 }}</p><p>Điều 3. {{ article_3 }}</p>
<div class="sign"><div class="b">{{ signer_title_upper }}</div><br><br><br>
<div class="b">{{ signer_name }}</div></div>
<div class="page"><p class="c b">DANH SÁCH<br>{{ list_title }}</p>
<p class="c i">(Kèm theo Quyết định số {{ reference }} {{ date_text }} của {{ authority }})</p>
<table class="list"><tr><th>STT</th><th>Họ và tên / Tên tập thể</th><th>Đối tượng</th>
<th>Đơn vị</th><th>Hệ số</th><th>Tiền thưởng (đồng)</th></tr>
{% for a in awardees %}<tr><td>{{ a.index }}</td><td>{{ a.name }}</td><td>{{ a.kind }}</td>
<td>{{ a.unit }}</td><td>{{ a.coefficient }}</td><td>{{ a.amount }}</td></tr>{% endfor %}
<tr><td></td><td class="b">Tổng cộng: {{ count }}</td><td></td><td></td><td></td>
<td class="b">{{ total_amount }}</td></tr></table></div>
</body></html>"""
)


def render_pdf(context: dict) -> bytes:
    from weasyprint import HTML  # loads Pango: only when a PDF is asked for

    return HTML(string=_HTML.render(**context, motto=wording.MOTTO)).write_pdf()


def decision_pdf(ctx: ServiceContext, decision_id: int) -> tuple[str, bytes]:
    """The signed PDF once the decision is signed; a fresh unsigned one before."""
    decision = get_decision(ctx, decision_id)
    name = f"quyet-dinh-{decision.number}-{decision.symbol}-{decision.year}.pdf".replace("/", "-")
    if decision.signed_pdf is not None:
        return name, decision.signed_pdf
    return name, render_pdf(decision_context(ctx, decision))


def sign_decision(ctx: ServiceContext, decision_id: int, secret: str):
    """K3: the deciding level signs its decision's PDF with the jurisdiction's certificate."""
    decision = get_decision(ctx, decision_id)
    if not ctx.actor.holds(decision.level, decision.jurisdiction_id):
        raise NotAllowed()
    if decision.signed_pdf is not None:
        raise Conflict("decision_already_signed", signed_by=decision.signed_by)
    credential = current_credential(ctx, decision.jurisdiction_id)
    if credential is None:
        raise Conflict("no_signing_credential")
    jurisdiction = decision_jurisdiction(ctx, decision)
    unsigned = render_pdf(decision_context(ctx, decision))
    place = wording.place(jurisdiction.id, jurisdiction.name)
    decision.signed_pdf = sign_pdf(unsigned, credential, secret, place)
    decision.signed_at, decision.signed_by = ctx.now, ctx.actor_name
    return decision
