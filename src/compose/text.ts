import type { Num } from './num';
import type { PrintedFigure } from './prose';
import type { Source } from '../model/source';

/**
 * Text the composer writes itself (a budget paragraph in the house style): plain pieces, printed
 * figures, and slots — stretches whose wording exists only because of the data (无…收入, 区级…一致),
 * bound in the document so `refresh` can rewrite them. Rendered lazily, in template order, so
 * figure keys are counted where the text is printed.
 */
export type TextPart = string | PrintedFigure | SlotPart | SourcedText;
/**
 * Words printed as typed that carry digits and come from a known place that is not a figure: text a
 * style writes (its path in the style), a number `adopt` left as typed. Marked like a figure, so the
 * numbers audit traces them.
 */
export interface SourcedText {
  kind: 'sourced';
  text: string;
  src: Source;
}
export interface SlotPart {
  kind: 'slot';
  name: string;
  parts: TextPart[];
}
export interface ComposedText {
  kind: 'composed';
  parts: TextPart[];
}

/** Builds text parts in order; `slot` nests. */
export class TextBuilder {
  readonly parts: TextPart[] = [];
  text(s: string): this {
    if (s) this.parts.push(s);
    return this;
  }
  fig(text: string, num: Num): this {
    this.parts.push({ kind: 'figure', text, num });
    return this;
  }
  sourced(text: string, src: Source): this {
    if (text) this.parts.push({ kind: 'sourced', text, src });
    return this;
  }
  add(parts: readonly TextPart[]): this {
    this.parts.push(...parts);
    return this;
  }
  slot(name: string, fill: (b: TextBuilder) => void): this {
    const inner = new TextBuilder();
    fill(inner);
    this.parts.push({ kind: 'slot', name, parts: inner.parts });
    return this;
  }
  get empty(): boolean {
    return this.parts.length === 0;
  }
  done(): ComposedText {
    return { kind: 'composed', parts: this.parts };
  }
}

export function composed(fill: (b: TextBuilder) => void): ComposedText {
  const b = new TextBuilder();
  fill(b);
  return b.done();
}

/** The text as printed, without figure marks (tests, headings' plain text). */
export function plainText(parts: readonly TextPart[]): string {
  return parts.map((p) => (typeof p === 'string' ? p : p.kind === 'slot' ? plainText(p.parts) : p.text)).join('');
}
