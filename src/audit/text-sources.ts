import type { Source } from '../model/source';
import type { PathSegment } from '../load/path';
import { pathToString } from '../load/path';
import { parseProse } from '../validate/figures';

/** Any Arabic or full-width digit: a number the audit must trace. */
export const DIGIT = /[0-9０-９]/;

/**
 * Data text that carries numbers ("不含市级方舱医院3亿", an attachment title with its year) is
 * printed as typed, so its numbers come from the dataset too: this finds the dataset path of such a
 * text, for the renderer to mark it like a figure. Narrative text is matched piece by piece (the
 * parts between {{figure}} references); a piece the composer trimmed is found inside its text.
 */
export function dataTextSources(dataset: unknown): (text: string) => Source | null {
  const texts: { path: string; text: string }[] = [];
  const walk = (v: unknown, path: PathSegment[]) => {
    if (typeof v === 'string') {
      if (!DIGIT.test(v)) return;
      texts.push({ path: pathToString(path), text: v });
      for (const seg of parseProse(v)) if ('text' in seg && seg.text !== v && DIGIT.test(seg.text)) texts.push({ path: pathToString(path), text: seg.text });
    } else if (Array.isArray(v)) v.forEach((x, i) => walk(x, [...path, i]));
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) if (k !== 'figures') walk(x, [...path, k]);
  };
  walk(dataset, []);
  const exact = new Map<string, string>();
  for (const t of texts) if (!exact.has(t.text)) exact.set(t.text, t.path);
  return (text) => {
    if (!DIGIT.test(text)) return null;
    const hit = exact.get(text) ?? texts.find((t) => t.text.includes(text))?.path;
    return hit !== undefined ? { path: hit } : null;
  };
}
