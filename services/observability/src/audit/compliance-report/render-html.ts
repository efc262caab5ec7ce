import escapeHtml from 'escape-html';
import type { ComplianceDocument } from './compliance-document';

const STYLE = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1b1f24;max-width:880px;margin:2rem auto;padding:0 1rem}
h1{font-size:1.6rem;margin:0 0 .25rem}
.sub{color:#57606a;margin:0 0 1.25rem}
.verdict{padding:.75rem 1rem;border-radius:6px;font-weight:600;margin-bottom:1.5rem}
.ok{background:#dafbe1;border:1px solid #4ac26b}
.bad{background:#ffebe9;border:1px solid #ff8182}
h2{font-size:1.1rem;margin:1.5rem 0 .2rem}
.controls{color:#57606a;font-size:.85rem;margin:0 0 .5rem}
table{border-collapse:collapse;width:100%}
td{border-bottom:1px solid #d0d7de;padding:.3rem .5rem;vertical-align:top}
td.v{text-align:right;font-variant-numeric:tabular-nums;word-break:break-all}
footer{margin-top:2rem;color:#57606a;font-size:.8rem}
@media print{body{margin:0}.verdict{break-inside:avoid}section{break-inside:avoid}}
`;

/**
 * The report as one self-contained HTML page (no scripts, no external resources; printable).
 * Every value is escaped: organisation ids, actions and messages come from the audit trail.
 */
export function renderComplianceHtml(doc: ComplianceDocument): string {
  const e = escapeHtml;
  const sections = doc.sections
    .map((s) => {
      const rows = s.rows.length ? s.rows.map(([k, v]) => `<tr><td>${e(k)}</td><td class="v">${e(v)}</td></tr>`).join('') : `<tr><td colspan="2">${e(s.empty ?? 'Nothing in the period.')}</td></tr>`;
      return `<section><h2>${e(s.title)}</h2><p class="controls">${e(s.controls)}</p><table>${rows}</table></section>`;
    })
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${e(doc.title)}</title><style>${STYLE}</style></head>
<body><h1>${e(doc.title)}</h1><p class="sub">${e(doc.subtitle)}</p>
<div class="verdict ${doc.verdict.ok ? 'ok' : 'bad'}" role="status">${e(doc.verdict.text)}</div>
${sections}
<footer>${e(doc.footer)}</footer></body></html>
`;
}
