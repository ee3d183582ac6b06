import { FIG_CHARS } from './figures';

// Every ASCII punctuation character may be backslash-escaped in CommonMark, and escaping all of
// them is what makes data print exactly as typed: a unit name with * or #, a label with | or <,
// an entity-looking "&amp;", a line starting "1." — none of it becomes markup.
const PUNCT = /[!-/:-@[-`{-~]/g;

export function escapeMarkup(text: string): string {
  return text
    .replace(FIG_CHARS, '')
    .replace(/\r?\n/g, '')
    .replace(PUNCT, (c) => `\\${c}`);
}
