/** Where a printed figure comes from: a dataset path, or a named derivation of other sources. */
export type Source =
  | { path: string }
  | { derivation: string; inputs: Source[] };

export function sourcePaths(src: Source): string[] {
  return 'path' in src ? [src.path] : src.inputs.flatMap(sourcePaths);
}

/** Descriptions of derivations made so far: a sum of twenty figures is described each time it prints, and inside every derivation that uses it. Sources are never changed once made. */
const described = new WeakMap<Source, string>();

export function describeSource(src: Source): string {
  if ('path' in src) return src.path;
  let d = described.get(src);
  if (d === undefined) described.set(src, (d = `${src.derivation}(${src.inputs.map(describeSource).join(', ')})`));
  return d;
}
