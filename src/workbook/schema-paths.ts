import type { z } from 'zod';
import type { PathSegment } from '../load/path';

// Reads what a workbook description needs from the dataset's zod schema, so the schema stays the
// one place that says which fields are required.

interface Def {
  type: string;
  shape?: Record<string, z.ZodType>;
  innerType?: z.ZodType;
  element?: z.ZodType;
  valueType?: z.ZodType;
  items?: z.ZodType[];
  options?: z.ZodType[];
}

const def = (s: z.ZodType): Def => (s as unknown as { _zod: { def: Def } })._zod.def;

export interface SchemaAt {
  /** The schema at the path, wrappers (optional, default) removed; null where the path leaves the schema. */
  schema: z.ZodType | null;
  /** Every step of the path is required (no optional or defaulted field on the way). */
  required: boolean;
}

function unwrap(s: z.ZodType): { schema: z.ZodType; optional: boolean } {
  let optional = false;
  let cur = s;
  for (;;) {
    const d = def(cur);
    if ((d.type === 'optional' || d.type === 'default' || d.type === 'nullable' || d.type === 'prefault') && d.innerType) {
      if (d.type !== 'nullable') optional = true;
      cur = d.innerType;
    } else if (d.type === 'lazy') {
      cur = (d as unknown as { getter: () => z.ZodType }).getter();
    } else if (d.type === 'pipe' || d.type === 'readonly') {
      const inner = (d as unknown as { in?: z.ZodType; innerType?: z.ZodType }).in ?? d.innerType;
      if (!inner) break;
      cur = inner;
    } else break;
  }
  return { schema: cur, optional };
}

export function schemaAt(root: z.ZodType, path: readonly PathSegment[]): SchemaAt {
  let { schema, optional } = unwrap(root);
  let required = !optional;
  for (const [i, seg] of path.entries()) {
    const d = def(schema);
    // A union (a name or {report}): the path follows the option it fits.
    if (d.type === 'union') {
      for (const option of d.options ?? []) {
        const rest = schemaAt(option, path.slice(i));
        if (rest.schema) return { schema: rest.schema, required: required && rest.required };
      }
      return { schema: null, required: false };
    }
    let next: z.ZodType | undefined;
    if (d.type === 'object' && typeof seg === 'string') next = d.shape && Object.prototype.hasOwnProperty.call(d.shape, seg) ? d.shape[seg] : undefined;
    else if (d.type === 'array' && typeof seg === 'number') next = d.element;
    else if (d.type === 'tuple' && typeof seg === 'number') next = d.items?.[seg];
    else if (d.type === 'record') next = d.valueType;
    if (!next) return { schema: null, required: false };
    const u = unwrap(next);
    schema = u.schema;
    // Items of a list are there when the list is: only object fields can be left out.
    if (u.optional) required = false;
    if (d.type === 'array' || d.type === 'record') required = false;
  }
  return { schema, required };
}

/** The zod type name at a path ("number", "string", "array", …), or null outside the schema. */
export function schemaType(root: z.ZodType, path: readonly PathSegment[]): string | null {
  const { schema } = schemaAt(root, path);
  return schema ? def(schema).type : null;
}

/**
 * Where a path sits among the schema's optional objects (a budget's 区级, fundBudget, debt …): a
 * workbook section left entirely empty is absent, and a field is missing only where its section is
 * there. sections: the optional objects containing the path, outermost first; required: the path
 * must be there once its innermost section is (no optional step, list or record between them).
 */
export function sectionsOf(root: z.ZodType, path: readonly PathSegment[]): { sections: PathSegment[][]; required: boolean; known: boolean } {
  let { schema } = unwrap(root);
  const sections: PathSegment[][] = [];
  let required = true;
  for (const [i, seg] of path.entries()) {
    const d = def(schema);
    let next: z.ZodType | undefined;
    if (d.type === 'object' && typeof seg === 'string') next = d.shape && Object.prototype.hasOwnProperty.call(d.shape, seg) ? d.shape[seg] : undefined;
    else if (d.type === 'array' && typeof seg === 'number') next = d.element;
    else if (d.type === 'record') next = d.valueType;
    if (!next) return { sections, required: false, known: false };
    const u = unwrap(next);
    schema = u.schema;
    const last = i === path.length - 1;
    if (d.type === 'array' || d.type === 'record') required = false;
    else if (u.optional) {
      if (!last && def(schema).type === 'object') {
        sections.push(path.slice(0, i + 1));
        required = true;
      } else required = false;
    }
  }
  return { sections, required, known: true };
}
