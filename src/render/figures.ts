import { describeSource, type Source } from '../model/source';

// Private-use characters frame a printed figure in the markup: START id SEP text END. They pass
// through markdown-it untouched and are turned into Run.fig by the markup reader, so each number
// in the document knows its source. Data strings are stripped of them first (see escape.ts).
export const FIG_START = '\uE000';
export const FIG_SEP = '\uE001';
export const FIG_END = '\uE002';
// Slots: a stretch of text that exists, or reads as it does, only because of the data (无…收入,
// 区级…一致, 未突破…限额). START id SEP content END; the content may hold figure marks.
export const SLOT_START = '\uE003';
export const SLOT_SEP = '\uE004';
export const SLOT_END = '\uE005';
/** Marks a table cell's text as indented one character (the markup trims leading spaces in cells). */
export const INDENT_MARK = '\uE006';
/** Marks a table cell as a group label (全区, 区级) that the rows below it belong to. */
export const GROUP_MARK = '\uE007';
/**
 * A place mark (probe builds only, for `adopt`): START key END at the start of a paragraph's or
 * heading's text names its place in the report (style/places.ts); the markup reader moves it to
 * the block's `place`.
 */
export const PLACE_START = '\uE010';
export const PLACE_END = '\uE011';
export const FIG_CHARS = /[\uE000-\uE007\uE010\uE011]/g;

export interface MarkedFigure {
  source: Source;
  /** Stable across builds of the same template: the source and its occurrence (the 2nd time it prints …). */
  key: string;
}

/** The figures printed during one render, by id. */
export class FigureRegistry {
  readonly figures: MarkedFigure[] = [];
  private readonly seen = new Map<string, number>();
  mark(text: string, source: Source, field?: string): string {
    // Counted within the enclosing slot, so a slot that appears or goes with the data does not shift
    // the keys of figures elsewhere.
    const scope = this.open[this.open.length - 1];
    const name = field ?? describeSource(source);
    const desc = scope ? `${scope}>${name}` : name;
    const n = (this.seen.get(desc) ?? 0) + 1;
    this.seen.set(desc, n);
    const id = this.figures.push({ source, key: `${desc}#${n}` }) - 1;
    return `${FIG_START}${id}${FIG_SEP}${text}${FIG_END}`;
  }

  readonly slots: string[] = [];
  private readonly slotSeen = new Map<string, number>();
  private readonly open: string[] = [];
  /**
   * Frames data-dependent text rendered by `content`; the key names the place in the template,
   * whatever variant prints there.
   */
  slot(name: string, content: () => string): string {
    const n = (this.slotSeen.get(name) ?? 0) + 1;
    this.slotSeen.set(name, n);
    const key = `${name}#${n}`;
    const id = this.slots.push(key) - 1;
    this.open.push(key);
    try {
      return `${SLOT_START}${id}${SLOT_SEP}${content()}${SLOT_END}`;
    } finally {
      this.open.pop();
    }
  }
}
