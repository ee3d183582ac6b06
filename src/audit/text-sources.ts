import type { Source } from '../model/source';
import type { TextSources } from '../render/engine';
import type { PathSegment } from '../load/path';
import { pathToString } from '../load/path';
import { parseProse } from '../validate/figures';

/** Any Arabic or full-width digit: a number the audit must trace. */
export const DIGIT = /[0-9０-９]/;
/** What a number is written with: digits, its decimal point and thousands separator (not “，”, a Chinese comma). */
const NUMBER_CHAR = /[0-9０-９.．,]/;

/**
 * Data text that carries numbers ("不含市级方舱医院3亿", an attachment title with its year) is
 * printed as typed, so its numbers come from the dataset too: this finds the dataset path of such a
 * text, for the renderer to mark it like a figure. Narrative text is matched piece by piece (the
 * parts between {{figure}} references); a piece the composer trimmed is found inside its text.
 */
export function dataTextSources(dataset: unknown): TextSources {
  const texts: { path: string; text: string; whole: boolean }[] = [];
  // One path, pushed and popped as the walk goes: a copy is made only for a text with digits.
  const path: PathSegment[] = [];
  const walk = (v: unknown) => {
    if (typeof v === 'string') {
      if (!DIGIT.test(v)) return;
      const at = pathToString(path);
      texts.push({ path: at, text: v, whole: true });
      for (const seg of parseProse(v)) if ('text' in seg && seg.text !== v && DIGIT.test(seg.text)) texts.push({ path: at, text: seg.text, whole: false });
    } else if (Array.isArray(v))
      for (let i = 0; i < v.length; i++) {
        path.push(i);
        walk(v[i]);
        path.pop();
      }
    else if (v && typeof v === 'object')
      for (const k in v) {
        if (k === 'figures' || !Object.prototype.hasOwnProperty.call(v, k)) continue;
        path.push(k);
        walk((v as Record<string, unknown>)[k]);
        path.pop();
      }
  };
  walk(dataset);
  const exact = new Map<string, string>();
  for (const t of texts) if (!exact.has(t.text)) exact.set(t.text, t.path);
  const find: TextSources = (text) => {
    if (!DIGIT.test(text)) return null;
    const hit = exact.get(text) ?? texts.find((t) => t.text.includes(text))?.path;
    return hit !== undefined ? { path: hit } : null;
  };
  // Whole data strings only: composed text quotes a field as it is. (Its own plain pieces carry no
  // digits otherwise: the composer prints numbers as figures, and a style's words may not hold any.)
  let longestFirst: [string, string][] | undefined;
  find.within = (text) => {
    if (!DIGIT.test(text)) return [];
    longestFirst ??= texts
      .filter((t) => t.whole)
      .map((t): [string, string] => [t.text, t.path])
      .sort((a, b) => b[0].length - a[0].length);
    const found: { at: number; text: string; src: Source }[] = [];
    const free = (at: number, end: number) => found.every((f) => end <= f.at || at >= f.at + f.text.length);
    // Not a piece of a longer number: "2" in 1.2 or 2024 is not a quote of a data string "2".
    const bounded = (at: number, end: number) => !(NUMBER_CHAR.test(text[at - 1] ?? '') && NUMBER_CHAR.test(text[at]!)) && !(NUMBER_CHAR.test(text[end - 1]!) && NUMBER_CHAR.test(text[end] ?? ''));
    for (const [t, path] of longestFirst) {
      for (let at = text.indexOf(t); at >= 0; at = text.indexOf(t, at + 1)) if (free(at, at + t.length) && bounded(at, at + t.length)) found.push({ at, text: t, src: { path } });
    }
    return found.sort((a, b) => a.at - b.at);
  };
  return find;
}
