import { describeSource, type Source } from '../model/source';

// Private-use characters frame a printed figure in the markup: START id SEP text END. They pass
// through markdown-it untouched and are turned into Run.fig by the markup reader, so each number
// in the document knows its source. Data strings are stripped of them first (see escape.ts).
export const FIG_START = '\uE000';
export const FIG_SEP = '\uE001';
export const FIG_END = '\uE002';
export const FIG_CHARS = /[\uE000-\uE002]/g;

export interface MarkedFigure {
  source: Source;
  /** Stable across builds of the same template: the source and its occurrence (the 2nd time it prints …). */
  key: string;
}

/** The figures printed during one render, by id. */
export class FigureRegistry {
  readonly figures: MarkedFigure[] = [];
  private readonly seen = new Map<string, number>();
  mark(text: string, source: Source): string {
    const desc = describeSource(source);
    const n = (this.seen.get(desc) ?? 0) + 1;
    this.seen.set(desc, n);
    const id = this.figures.push({ source, key: `${desc}#${n}` }) - 1;
    return `${FIG_START}${id}${FIG_SEP}${text}${FIG_END}`;
  }
}
