import type { Block, ReportDoc, Run, TableCell } from '../model/doc';
import { STRUCTURAL } from '../audit';
import type { Issue } from '../model/issue';
import type { FigureTrace } from './build';
import { html, type Html } from './html';
import { placeWhere } from './places';

/**
 * The report previewed in the page from the same document model the DOCX is written from: every
 * block type, heading numbers, run-in headings, tables with their merges. Each figure is a focusable
 * mark whose tooltip (shown on hover and on keyboard focus) says where it comes from — the cell or
 * line of the uploaded file, or the computation and its inputs — and figures behind a failed rule
 * are highlighted, their tooltip naming the rule.
 */

export interface FigureMark {
  severity: 'error' | 'warning';
  /** Indices into the issue list as the page shows it. */
  issues: number[];
}

/** Leaves of a trace: the values of the uploaded files a figure is computed from. */
function leaves(t: FigureTrace): Extract<FigureTrace, { data: true }>[] {
  return t.data ? [t] : t.inputs.flatMap(leaves);
}

const key = (file: string, path: string) => `${file}\u0000${path}`;

/**
 * Which figures show a value an issue names (its place, or every value taking part in the broken
 * tie), matched by file and path, so last year's file and attached reports count too.
 */
export function figureMarks(figures: Record<number, FigureTrace>, issues: readonly Issue[]): Map<number, FigureMark> {
  const byPlace = new Map<string, number[]>();
  issues.forEach((issue, i) => {
    for (const p of issue.involves?.length ? issue.involves : issue.place ? [issue.place] : []) {
      if (p.path === undefined || p.path === '') continue;
      const k = key(p.file, p.path);
      const list = byPlace.get(k) ?? [];
      if (!list.includes(i)) list.push(i);
      byPlace.set(k, list);
    }
  });
  const marks = new Map<number, FigureMark>();
  for (const [id, trace] of Object.entries(figures)) {
    const hit = new Set<number>();
    for (const l of leaves(trace)) for (const i of byPlace.get(key(l.file, l.path)) ?? []) hit.add(i);
    if (!hit.size) continue;
    const list = [...hit].sort((a, b) => a - b);
    marks.set(Number(id), { severity: list.some((i) => issues[i]!.severity === 'error') ? 'error' : 'warning', issues: list });
  }
  return marks;
}

const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n)}…` : s);

function traceHtml(t: FigureTrace, mainFile: string): Html {
  if (!t.data) {
    if (!t.inputs.length) return html`<span class="src-calc">${t.derivation}</span>`;
    return html`<span class="src-calc">计算：${t.derivation}</span><span class="src-inputs">${t.inputs.map((i) => html`<span class="src-input">${traceHtml(i, mainFile)}</span>`)}</span>`;
  }
  const where = placeWhere(t.place);
  return html`<span class="src-data">${t.previous ? html`<span class="src-prev">上年数据</span> ` : ''}${t.file !== mainFile && !t.previous ? html`<span class="src-file">${t.file}</span> ` : ''}${where ? html`<span class="src-where">${where}</span> ` : ''}<span class="src-field">${t.label || t.path}</span>${t.value !== undefined ? html` = <b>${clip(t.value, 60)}</b>` : ''}</span>`;
}

export interface PreviewContext {
  figures: Record<number, FigureTrace>;
  marks: Map<number, FigureMark>;
  issues: readonly Issue[];
  mainFile: string;
}

export interface Preview {
  /** The preview's HTML, block by block (a page is encoded piece by piece: build.ts gzipPieces). */
  blocks: Html[];
  /** The first figure shown for each issue (by index): the page links the issue to it. */
  anchors: Map<number, string>;
  /** How many figure marks the preview has, and how many are highlighted. */
  figureCount: number;
  flagged: number;
}

class Renderer {
  private n = 0;
  readonly anchors = new Map<number, string>();
  flagged = 0;
  constructor(private readonly ctx: PreviewContext) {}

  get count(): number {
    return this.n;
  }

  run(r: Run): Html {
    const text = r.bold ? html`<strong>${r.text}</strong>` : html`${r.text}`;
    const commented = r.comments?.length ? 'commented' : '';
    // Ordinals (一是、二是) are placed by position: text, not figures with a source to show.
    const ordinal = r.fig && 'derivation' in r.fig.source && STRUCTURAL.has(r.fig.source.derivation);
    if (!r.fig || ordinal) return commented ? html`<span class="${commented}">${text}</span>` : text;
    const id = `f${++this.n}`;
    const trace = this.ctx.figures[r.fig.id];
    const mark = this.ctx.marks.get(r.fig.id);
    if (mark) {
      this.flagged++;
      for (const i of mark.issues) if (!this.anchors.has(i)) this.anchors.set(i, id);
    }
    const cls = ['fig', mark ? `fig-${mark.severity}` : '', commented].filter(Boolean).join(' ');
    const problems = mark
      ? html`<span class="tip-issues">${mark.issues.map((i) => {
          const issue = this.ctx.issues[i]!;
          return html`<span class="tip-issue tip-${issue.severity}"><a href="#issue-${i + 1}" tabindex="-1">${issue.severity === 'error' ? '错误' : '警告'} ${i + 1}</a>：${clip(issue.message, 110)}</span>`;
        })}</span>`
      : '';
    return html`<span class="${cls}" id="${id}" tabindex="0" aria-describedby="${id}-tip">${text}<span class="tip" role="tooltip" id="${id}-tip"><span class="tip-head">来源</span>${trace ? traceHtml(trace, this.ctx.mainFile) : '（未记录来源）'}${problems}</span></span>`;
  }

  runs(rs: Run[]): Html {
    return html`${rs.map((r) => this.run(r))}`;
  }

  cell(c: TableCell, tag: 'th' | 'td'): Html {
    const indent = c.indent ? ` ind-${Math.min(6, Math.max(1, Math.round(c.indent)))}` : '';
    const content = this.runs(c.runs);
    return tag === 'th'
      ? html`<th${c.colSpan && c.colSpan > 1 ? html` colspan="${c.colSpan}"` : ''}${c.rowSpan && c.rowSpan > 1 ? html` rowspan="${c.rowSpan}"` : ''} class="al-${c.align ?? 'center'}" scope="col">${content}</th>`
      : html`<td${c.colSpan && c.colSpan > 1 ? html` colspan="${c.colSpan}"` : ''}${c.rowSpan && c.rowSpan > 1 ? html` rowspan="${c.rowSpan}"` : ''} class="al-${c.align ?? 'left'}${indent}">${content}</td>`;
  }

  block(b: Block, index: number): Html {
    switch (b.type) {
      case 'meeting':
        return html`<div class="b-meeting">${b.lines.map((l) => html`<p>${this.runs(l)}</p>`)}</div>`;
      case 'addressee':
        return html`<p class="b-addressee">${this.runs(b.runs)}</p>`;
      case 'paragraph':
        return html`<p class="b-para">${this.runs(b.runs)}</p>`;
      case 'signature':
        return html`<p class="b-signature">${this.runs(b.runs)}</p>`;
      case 'date':
        return html`<p class="b-date">${this.runs(b.runs)}</p>`;
      case 'title':
        return html`<h3 class="b-title">${this.runs(b.runs)}</h3>`;
      case 'subtitle':
        return html`<p class="b-subtitle">${this.runs(b.runs)}</p>`;
      case 'speaker':
        return html`<p class="b-speaker">${this.runs(b.runs)}</p>`;
      case 'salutation':
        return html`<p class="b-salutation">${this.runs(b.runs)}</p>`;
      case 'heading':
        // A run-in heading (（一）标题。正文……) shares its paragraph with the text after it.
        if (b.body)
          return html`<p class="b-para runin h${b.level}"><span class="hd">${b.number}${this.runs(b.runs)}</span>${this.runs(b.body)}</p>`;
        return html`<h4 class="b-heading h${b.level}" aria-level="${b.level + 3}">${b.number}${this.runs(b.runs)}</h4>`;
      case 'attachmentNote':
        return html`<div class="b-attnote"><span class="lbl">附件：</span><ol class="${b.items.length > 1 ? 'numbered' : 'single'}">${b.items.map((it, i) => html`<li>${b.items.length > 1 ? html`<span class="num">${i + 1}．</span>` : ''}${this.runs(it)}</li>`)}</ol></div>`;
      case 'attachment':
        return html`<div class="page-break" role="separator" aria-label="分页"><span>分页</span></div><p class="b-attlabel">${b.label}</p><h3 class="b-title">${this.runs(b.title)}</h3>`;
      case 'table':
        return html`<figure class="b-table" aria-labelledby="tbl-${index}"><figcaption id="tbl-${index}">${this.runs(b.title)}</figcaption>${b.unit ? html`<div class="unit">单位：${b.unit}</div>` : ''}<div class="table-scroll"><table>${b.header.length ? html`<thead>${b.header.map((row) => html`<tr>${row.map((c) => this.cell(c, 'th'))}</tr>`)}</thead>` : ''}<tbody>${b.body.map((row) => html`<tr>${row.map((c) => this.cell(c, 'td'))}</tr>`)}</tbody></table></div>${b.note ? html`<p class="note">${this.runs(b.note)}</p>` : ''}</figure>`;
      case 'pageBreak':
        return html`<div class="page-break" role="separator" aria-label="分页"><span>分页</span></div>`;
    }
  }
}

export function renderPreview(doc: ReportDoc, ctx: PreviewContext): Preview {
  const r = new Renderer(ctx);
  const blocks = doc.blocks.map((b, i) => r.block(b, i));
  return { blocks, anchors: r.anchors, figureCount: r.count, flagged: r.flagged };
}
