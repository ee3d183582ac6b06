export type PathSegment = string | number;

/** generalBudget.district.income.lines[1].amount — the form used in messages and figure sources. */
export function pathToString(segments: readonly PathSegment[]): string {
  let s = '';
  for (const seg of segments) {
    if (typeof seg === 'number') s += `[${seg}]`;
    else s += s ? `.${seg}` : seg;
  }
  return s;
}

export function parsePath(path: string): PathSegment[] {
  const out: PathSegment[] = [];
  for (const m of path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) {
    if (m[2] !== undefined) out.push(Number(m[2]));
    else if (m[1] !== undefined) out.push(/^\d+$/.test(m[1]) ? Number(m[1]) : m[1]);
  }
  return out;
}

/**
 * Every string of a loaded value, with the path to it: values as `value`, field names as `key`
 * (their path ends at the field). `skip` leaves out a path and everything under it. The path array
 * is the walker's own and changes as it goes: copy it to keep it.
 */
export function walkStrings(
  value: unknown,
  visit: (text: string, path: readonly PathSegment[], what: 'value' | 'key') => void,
  skip: (path: readonly PathSegment[]) => boolean = () => false,
): void {
  const path: PathSegment[] = [];
  const walk = (v: unknown) => {
    if (skip(path)) return;
    if (typeof v === 'string') visit(v, path, 'value');
    else if (Array.isArray(v)) {
      v.forEach((x, i) => {
        path.push(i);
        walk(x);
        path.pop();
      });
    } else if (v !== null && typeof v === 'object') {
      for (const key of Object.keys(v)) {
        path.push(key);
        visit(key, path, 'key');
        walk((v as Record<string, unknown>)[key]);
        path.pop();
      }
    }
  };
  walk(value);
}
