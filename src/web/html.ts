import { escape } from 'html-escaper';

/**
 * HTML built from template literals: every interpolated value is escaped (html-escaper: & < > ' ")
 * unless it is already Html (made by this tag or by trusted()), so data can never become markup.
 */
export class Html {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

// Pieces are joined with +=, not Array#join: V8 keeps a concatenation as a rope and flattens it
// once, when it is encoded (a result page block by block: build.ts gzipPieces), where join copied
// every nested list again at each level (a report's preview is thousands of nested pieces).
function part(v: unknown): string {
  if (v === null || v === undefined || v === false) return '';
  if (v instanceof Html) return v.value;
  if (Array.isArray(v)) {
    let out = '';
    for (const x of v) out += part(x);
    return out;
  }
  return escape(String(v));
}

export function html(strings: TemplateStringsArray, ...values: unknown[]): Html {
  let out = strings[0]!;
  for (let i = 0; i < values.length; i++) out += part(values[i]) + strings[i + 1]!;
  return new Html(out);
}

/** Markup written by this program itself (never data): the stylesheet, the script. */
export function trusted(markup: string): Html {
  return new Html(markup);
}

export { escape };
