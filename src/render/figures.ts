import type { Source } from '../model/source';

// Private-use characters frame a printed figure in the markup: START id SEP text END. They pass
// through markdown-it untouched and are turned into Run.fig by the markup reader, so each number
// in the document knows its source. Data strings are stripped of them first (see escape.ts).
export const FIG_START = '\uE000';
export const FIG_SEP = '\uE001';
export const FIG_END = '\uE002';
/** Marks a table cell's text as indented one character (the markup trims leading spaces in cells). */
export const INDENT_MARK = '\uE003';
export const FIG_CHARS = /[\uE000-\uE003]/g;

/** The figures printed during one render, by id. */
export class FigureRegistry {
  readonly sources: Source[] = [];
  mark(text: string, source: Source): string {
    const id = this.sources.push(source) - 1;
    return `${FIG_START}${id}${FIG_SEP}${text}${FIG_END}`;
  }
}
