import { blockText, runsText, type Block, type ReportDoc, type Run } from '../model/doc';
import type { DocxText } from './docx-read';

/**
 * A report as the paragraphs a reader sees, the same way for the built report (ReportDoc) and
 * last year's DOCX: one unit per paragraph of the main report (attachments after it are left to
 * the data), with the heading level, and for a built report the place (style/places.ts) and the
 * stretches that exist because of the data (slots: 无……收入, 区级……一致).
 */
export interface Unit {
  text: string;
  /** 1–4 for a heading. */
  level: number | null;
  place?: string;
  /** The data-dependent wording printed in this paragraph. */
  slots: string[];
  /** The report's paragraph may run on into the next (DocxParagraph.mayContinue; adopt's joinCuts). */
  mayContinue?: true;
}

function slotTexts(runs: Run[]): string[] {
  const out: string[] = [];
  let key: string | undefined;
  for (const r of runs) {
    if (r.slot === undefined) key = undefined;
    else if (r.slot === key) out[out.length - 1] += r.text;
    else {
      out.push(r.text);
      key = r.slot;
    }
  }
  return out.filter((t) => t.trim());
}

function unit(text: string, level: number | null, runs: Run[], place: string | undefined): Unit {
  return { text, level, slots: slotTexts(runs), ...(place !== undefined ? { place } : {}) };
}

/** The built report's main part, paragraph by paragraph as the DOCX writer lays it out (docx/blocks.ts). */
export function docUnits(doc: ReportDoc): Unit[] {
  const out: Unit[] = [];
  for (const b of doc.blocks as Block[]) {
    if (b.type === 'attachment') break;
    switch (b.type) {
      case 'pageBreak':
      case 'table':
        break;
      case 'meeting':
        b.lines.forEach((l) => out.push(unit(runsText(l), null, l, b.place)));
        break;
      case 'attachmentNote':
        b.items.forEach((item, i) => {
          const prefix = (i === 0 ? '附件：' : '') + (b.items.length > 1 ? `${i + 1}．` : '');
          out.push(unit(prefix + runsText(item), null, item, b.place));
        });
        break;
      case 'heading':
        out.push(unit(blockText(b), b.level, [...b.runs, ...(b.body ?? [])], b.place));
        break;
      default:
        out.push(unit(runsText(b.runs), null, b.runs, b.place));
    }
  }
  return out.filter((u) => u.text.trim());
}

/** Where a report's own attachments begin: a line 附件1 / 附件 on its own (the note 附件：1．… is part of the report). */
const ATTACHMENT_LABEL = /^附件[0-9０-９]{0,2}$/;

/** Last year's DOCX, its main part: body paragraphs (not tables) up to its first attachment. */
export function docxUnits(docx: DocxText): Unit[] {
  const out: Unit[] = [];
  for (const p of docx.paragraphs) {
    if (out.length && ATTACHMENT_LABEL.test(p.text)) break;
    if (p.inTable) continue;
    out.push({ text: p.text, level: p.level, slots: [], ...(p.mayContinue ? { mayContinue: true as const } : {}) });
  }
  return out;
}
