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

function part(v: unknown): string {
  if (v === null || v === undefined || v === false) return '';
  if (v instanceof Html) return v.value;
  if (Array.isArray(v)) return v.map(part).join('');
  return escape(String(v));
}

export function html(strings: TemplateStringsArray, ...values: unknown[]): Html {
  let out = strings[0]!;
  values.forEach((v, i) => {
    out += part(v) + strings[i + 1]!;
  });
  return new Html(out);
}

/** Markup written by this program itself (never data): the stylesheet, the script. */
export function trusted(markup: string): Html {
  return new Html(markup);
}

export { escape };
