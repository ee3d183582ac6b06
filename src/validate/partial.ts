import type { z } from 'zod';
import type { Issue } from '../model/issue';
import { parsePath, pathToString, type PathSegment } from '../load/path';
import { schemaAt } from '../workbook/schema-paths';
import { citedPath } from './figure-names';

// Everything in one round: where the schema fails (a cell left empty, a text in a number cell,
// an unknown key), the rules still run on every part that is readable. The data is made to pass
// the schema by stand-ins at the broken places (a required number 0, an optional field left out),
// and whatever a rule or figure then says about a part holding a stand-in is dropped: it would be
// about the stand-in, not about the writer's figures. The stand-ins never reach a report.

type Def = { type: string; innerType?: z.ZodType; shape?: Record<string, z.ZodType>; entries?: Record<string, unknown>; values?: unknown[]; options?: z.ZodType[] };
const def = (s: z.ZodType): Def => (s as unknown as { _zod: { def: Def } })._zod.def;

function parentOf(root: unknown, path: readonly PathSegment[]): Record<string | number, unknown> | null {
  let cur: unknown = root;
  for (const seg of path.slice(0, -1)) {
    if (cur === null || typeof cur !== 'object' || !Object.prototype.hasOwnProperty.call(cur, seg)) return null;
    cur = (cur as Record<string | number, unknown>)[seg];
  }
  return cur !== null && typeof cur === 'object' ? (cur as Record<string | number, unknown>) : null;
}

function put(root: unknown, path: readonly PathSegment[], value: unknown): boolean {
  const parent = parentOf(root, path);
  if (!parent || !path.length) return false;
  Object.defineProperty(parent, path[path.length - 1]!, { value, enumerable: true, writable: true, configurable: true });
  return true;
}

function remove(root: unknown, path: readonly PathSegment[]): boolean {
  const parent = parentOf(root, path);
  if (!parent || Array.isArray(parent) || !path.length) return false;
  return delete parent[path[path.length - 1]!];
}

/** Whether the field at the end of a path may be left out (optional or defaulted in its object). */
function optionalField(schema: z.ZodType, path: readonly PathSegment[]): boolean {
  if (!path.length) return false;
  const parent = schemaAt(schema, path.slice(0, -1)).schema;
  if (!parent) return false;
  const d = def(parent);
  const last = path[path.length - 1]!;
  if (d.type !== 'object' || typeof last !== 'string') return false;
  const field = d.shape?.[last];
  return !!field && ['optional', 'default', 'prefault'].includes(def(field).type);
}

/** A value of the schema's type at a path that passes it (for the rules' sake only), or undefined. */
function standIn(schema: z.ZodType, path: readonly PathSegment[]): unknown {
  const at = schemaAt(schema, path).schema;
  if (!at) return undefined;
  const d = def(at);
  switch (d.type) {
    case 'number':
    case 'int':
      return 0;
    case 'string':
      return '（待填）';
    case 'boolean':
      return false;
    case 'array':
      return [];
    case 'object':
    case 'record':
      return {};
    case 'enum':
      return d.entries ? Object.values(d.entries)[0] : undefined;
    case 'literal':
      return d.values?.[0];
    default:
      return undefined;
  }
}

export interface Repaired<T> {
  input: T;
  /** Paths holding a stand-in or left out. */
  broken: PathSegment[][];
}

/**
 * The data with stand-ins at the places the schema refuses (and at `unreadable` paths, cells the
 * workbook reader could not read), parsed; null when stand-ins do not make it pass.
 */
export function repairForRules<T>(schema: z.ZodType<T>, raw: unknown, unreadable: readonly string[] = []): Repaired<T> | null {
  if (raw === null || typeof raw !== 'object') return null;
  let value: unknown;
  try {
    value = structuredClone(raw);
  } catch {
    return null;
  }
  const broken: PathSegment[][] = unreadable.map(parsePath);
  for (let round = 0; round < 12; round++) {
    const parsed = schema.safeParse(value);
    if (parsed.success) return { input: parsed.data, broken };
    let changed = false;
    for (const zi of parsed.error.issues) {
      const path = zi.path.filter((p): p is PathSegment => typeof p !== 'symbol');
      if (zi.code === 'unrecognized_keys') {
        for (const key of zi.keys) changed = remove(value, [...path, key]) || changed;
        continue;
      }
      broken.push(path);
      if (optionalField(schema, path)) {
        changed = remove(value, path) || changed;
        continue;
      }
      const v = standIn(schema, path);
      if (v !== undefined && put(value, path, v)) changed = true;
    }
    if (!changed) return null;
  }
  return null;
}

/**
 * The part a broken path spoils for the rules: the side or flow around it (a budget's income for
 * its 当年数, the debt for a limit), a figure of the figures table on its own.
 */
export function spoiledScope(path: readonly PathSegment[]): string {
  if (path[0] === 'figures' || path[0] === 'style') return pathToString(path.slice(0, 2));
  const named = path.flatMap((s, i) => (typeof s === 'string' ? [i] : []));
  const cut = named.length > 2 ? named[named.length - 2]! : (named[1] ?? path.length);
  return pathToString(path.slice(0, Math.max(1, cut)));
}

export function under(path: string | undefined, scope: string): boolean {
  if (path === undefined) return false;
  return path === scope || path.startsWith(`${scope}.`) || path.startsWith(`${scope}[`);
}

/**
 * Figures of the table computed from a spoiled part, directly or through other figures. A figure
 * citing a path that is not there at all (a typo) is not spoiled: its own error is the writer's.
 */
export function spoiledFigures(figures: Record<string, unknown>, scopes: readonly string[], input: unknown, broken: readonly PathSegment[][]): Set<string> {
  const out = new Set<string>();
  const names = Object.keys(figures);
  const brokenPaths = broken.map(pathToString);
  const there = (path: PathSegment[]) => {
    const parent = parentOf(input, path);
    return !!parent && Object.prototype.hasOwnProperty.call(parent, path[path.length - 1]!);
  };
  for (let changed = true; changed; ) {
    changed = false;
    for (const name of names) {
      if (out.has(name)) continue;
      const f = figures[name] as Record<string, unknown> | undefined;
      if (!f) continue;
      const from = typeof f.from === 'string' ? parsePath(citedPath(f.from)) : undefined;
      const refs = (['sum', 'difference', 'ratio', 'growth'] as const).flatMap((k) => (Array.isArray(f[k]) ? (f[k] as unknown[]).map(String) : []));
      const fromText = from ? pathToString(from) : undefined;
      const spoiled =
        scopes.some((s) => under(`figures.${name}`, s)) ||
        (from !== undefined && (brokenPaths.some((b) => under(fromText, b)) || (there(from) && scopes.some((s) => under(fromText, s))))) ||
        refs.some((r) => out.has(r));
      if (spoiled) {
        out.add(name);
        changed = true;
      }
    }
  }
  return out;
}

/** Drops what the checks said about spoiled parts: they hold stand-ins, not the writer's figures. */
export function dropSpoiled(issues: Issue[], scopes: readonly string[]): Issue[] {
  return issues.filter((i) => {
    const paths = [i.place?.path, ...(i.involves ?? []).map((p) => p.path)];
    return !paths.some((p) => scopes.some((s) => under(p, s)));
  });
}
