/**
 * Measures a rendered PDF: lines per page and characters per line, from `pdftotext -bbox-layout`
 * (poppler-utils). Used by scripts/render.ts and by the render test; no dependency beyond poppler.
 */
import { spawnSync } from 'node:child_process';
import { PAGE } from '../src/docx/layout';

export interface TextLine {
  /** Top of the line box, in points from the top of the page. */
  y: number;
  x0: number;
  x1: number;
  /** Words joined without the spaces pdftotext puts between them (Chinese text has none). */
  text: string;
}

export interface PdfPage {
  number: number;
  lines: TextLine[];
}

const num = (s: string | undefined) => Number(s ?? NaN);
const unescape = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');

/** Parses pdftotext's -bbox-layout XHTML into pages of lines. */
export function parseBboxLayout(html: string): PdfPage[] {
  const pages: PdfPage[] = [];
  for (const [i, page] of [...html.matchAll(/<page [^>]*>([\s\S]*?)<\/page>/g)].entries()) {
    const lines: TextLine[] = [];
    for (const line of page[1]!.matchAll(/<line xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([\s\S]*?)<\/line>/g)) {
      const words = [...line[4]!.matchAll(/<word [^>]*>([^<]*)<\/word>/g)].map((w) => unescape(w[1]!));
      lines.push({ x0: num(line[1]), y: num(line[2]), x1: num(line[3]), text: words.join('') });
    }
    // pdftotext orders blocks by flow; a page is read top to bottom.
    lines.sort((a, b) => a.y - b.y || a.x0 - b.x0);
    pages.push({ number: i + 1, lines });
  }
  return pages;
}

export function readPdfLines(pdf: string): PdfPage[] {
  const r = spawnSync('pdftotext', ['-bbox-layout', pdf, '-'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.error || r.status !== 0) throw new Error(`pdftotext 运行失败（需要 poppler-utils）：${r.error?.message ?? r.stderr}`);
  return parseBboxLayout(r.stdout);
}

const pt = (twips: number) => twips / 20;

/** The text block in points: 156 × 225 mm. */
export const TEXT_BLOCK = {
  left: pt(PAGE.margin.left),
  right: pt(PAGE.width - PAGE.margin.right),
  top: pt(PAGE.margin.top),
  bottom: pt(PAGE.height - PAGE.margin.bottom),
};

/** Full-width characters (CJK ideographs, full-width punctuation and forms). */
const FULL_WIDTH = /^[\u3000-\u303f\u3400-\u9fff\uff00-\uffef\u2014\u2018-\u201d\u2026]+$/u;

export interface PageMeasure {
  page: number;
  /** Body text only: every line at least one body line pitch below the last (no table rows). */
  body: boolean;
  /** Lines of text inside the text block (the footer is below it). */
  lines: number;
  /** Characters of each line that runs the full measure and holds full-width characters only. */
  fullLines: number[];
  /** The line below the text block: the page number, where the page has one. */
  footer?: TextLine;
}

/** A line runs the full measure when it starts at the left edge and ends at the right edge. */
function isFullMeasure(l: TextLine, charPt: number): boolean {
  return l.x0 <= TEXT_BLOCK.left + 1 && l.x1 >= TEXT_BLOCK.right - charPt / 2;
}

/** Characters inside the measure: closing punctuation hanging past the right edge is not counted. */
function charsInMeasure(l: TextLine, charPt: number): number {
  const n = [...l.text].length;
  return l.x1 > TEXT_BLOCK.right + charPt / 4 && HANGING.test(l.text) ? n - 1 : n;
}

const HANGING = /[，。、；：！？）》”’]$/u;

export function measurePages(pages: PdfPage[], charPt = 16): PageMeasure[] {
  return pages.map((p) => {
    const body = p.lines.filter((l) => l.y >= TEXT_BLOCK.top - 4 && l.y < TEXT_BLOCK.bottom);
    // Lines that share a baseline (a table row's cells) count once.
    const rows = new Set(body.map((l) => Math.round(l.y)));
    // Line-breaking rules end some lines a character early, and justification stretches them to the
    // measure: the next line starts with a figure that cannot be split (15051万元), with a character
    // that may not start a line (”，。) or a character followed by one (both go down together), or
    // with one that may not end a line (“《, pushed down with the word after it). Such lines say nothing about the grid and are not counted.
    const brokenEarly = (l: TextLine) => {
      const next = body.find((n) => n.y > l.y + 10);
      return (!!next && /^(?:[0-9A-Za-z”’）》」』，。、；：！？…—“‘（《「『]|.[”’）》」』，。、；：！？])/u.test(next.text)) || /[“‘（《「『]$/.test(l.text);
    };
    const fullLines = body.filter((l) => FULL_WIDTH.test(l.text) && isFullMeasure(l, charPt) && !brokenEarly(l)).map((l) => charsInMeasure(l, charPt));
    const ys = [...rows].sort((a, b) => a - b);
    const body_ = ys.length > 0 && ys.every((y, i) => i === 0 || y - ys[i - 1]! >= 27);
    const footer = p.lines.find((l) => l.y >= TEXT_BLOCK.bottom);
    return { page: p.number, body: body_, lines: rows.size, fullLines, ...(footer ? { footer } : {}) };
  });
}

export interface RenderSummary {
  pages: PageMeasure[];
  /** The most lines any page of body text holds in its text block. */
  maxLinesPerPage: number;
  /** Pages holding exactly that many lines. */
  fullPages: number[];
  /** Distinct counts of characters on full lines of full-width text. */
  charsPerFullLine: number[];
  fullLineCount: number;
}

export function summarize(pages: PageMeasure[]): RenderSummary {
  const body = pages.filter((p) => p.body);
  const maxLinesPerPage = Math.max(0, ...body.map((p) => p.lines));
  const all = body.flatMap((p) => p.fullLines);
  return {
    pages,
    maxLinesPerPage,
    fullPages: body.filter((p) => p.lines === maxLinesPerPage).map((p) => p.page),
    charsPerFullLine: [...new Set(all)].sort((a, b) => a - b),
    fullLineCount: all.length,
  };
}
