/** Where a printed figure comes from: a dataset path, or a named derivation of other sources. */
export type Source =
  | { path: string }
  | { derivation: string; inputs: Source[] };

export function sourcePaths(src: Source): string[] {
  return 'path' in src ? [src.path] : src.inputs.flatMap(sourcePaths);
}

export function describeSource(src: Source): string {
  return 'path' in src ? src.path : `${src.derivation}(${src.inputs.map(describeSource).join(', ')})`;
}
