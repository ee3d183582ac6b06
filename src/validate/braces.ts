import type { Issue } from '../model/issue';
import { pathToString, walkStrings, type PathSegment } from '../load/path';
import type { SourceMap } from '../load/source-map';

/**
 * Double braces in data text. In narrative text a figure is cited as {{名称}} (validate/figures.ts
 * parseProse); a {{ or }} that is not part of such a reference (a brace missing: "{{名称}") would
 * print as typed ("目标{{部门预算绩效目标数}，…"). Text that cannot cite figures (names, notes,
 * labels) prints as typed too, so a {{ or }} there is a mistake as well. A single brace is text
 * like any other character and prints as typed.
 */

const REF = /\{\{\s*[^{}]*?\s*\}\}/g;

/** Where the first {{ or }} outside a complete {{名称}} sits (0-based), and which it is; null if none. */
export function strayBrace(text: string): { index: number; brace: '{{' | '}}' } | null {
  if (!text.includes('{{') && !text.includes('}}')) return null;
  const masked = text.replace(REF, (m) => ' '.repeat(m.length));
  const index = masked.search(/\{\{|\}\}/);
  if (index < 0) return null;
  return { index, brace: masked.startsWith('{{', index) ? '{{' : '}}' };
}

const excerpt = (text: string, index: number) => {
  const from = Math.max(0, index - 12);
  const to = Math.min(text.length, index + 14);
  return `${from > 0 ? '…' : ''}${text.slice(from, to)}${to < text.length ? '…' : ''}`;
};

/** Narrative texts (they may cite figures): each brace not part of a complete {{名称}}. */
export function proseBraceIssues(texts: readonly { path: PathSegment[]; text: string; where?: string }[], sourceMap: SourceMap): Issue[] {
  const out: Issue[] = [];
  for (const { path, text, where } of texts) {
    const stray = strayBrace(text);
    if (!stray) continue;
    const what = stray.brace === '{{' ? '“{{”没有配对的“}}”' : '“}}”前没有配对的“{{”';
    out.push({
      code: 'prose-unmatched-brace',
      severity: 'error',
      message: `${where ?? '文字'}中${what}（第 ${[...text.slice(0, stray.index)].length + 1} 个字符处：“${excerpt(text, stray.index)}”）：引用数据须写成 {{名称}}，前后各两个花括号，否则会原样印出。请补全或删去花括号。`,
      place: sourceMap.locate(path),
      actual: excerpt(text, stray.index),
    });
  }
  return out;
}

/**
 * Text that cannot cite figures (every string of the dataset but its narrative texts, the figures
 * table and the reports it embeds, which are checked as reports of their own): no {{ or }}.
 * `narrative`: the paths of the narrative texts; `under`: the roots left out whole (not walked).
 */
export function plainTextBraceIssues(value: unknown, sourceMap: SourceMap, narrative: readonly (readonly PathSegment[])[], under: (path: readonly PathSegment[]) => boolean): Issue[] {
  const out: Issue[] = [];
  // The braces are looked for first, and a text's path named only where it has some: naming every
  // path to test it against the narrative texts' cost more than the search.
  let texts: Set<string> | null = null;
  walkStrings(
    value,
    (v, path, what) => {
      if (what === 'key') return;
      const at = v.search(/\{\{|\}\}/);
      if (at < 0) return;
      texts ??= new Set(narrative.map((p) => pathToString(p)));
      if (texts.has(pathToString(path))) return;
      out.push({
        code: 'text-braces',
        severity: 'error',
        message: `这段文字中有“${v.slice(at, at + 2)}”（“${excerpt(v, at)}”）：只有文字材料（lead、text、标题）可以用 {{名称}} 引用数据，这里会原样印出。请删去花括号，或直接写出文字。`,
        place: sourceMap.locate(path),
        actual: excerpt(v, at),
      });
    },
    under,
  );
  return out;
}
