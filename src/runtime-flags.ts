/**
 * node:v8, loaded when a flag is first set: loading it costs a start 3–4 ms, and a single build of
 * an ordinary report sets none (cli/index.ts).
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const setFlagsFromString = (flag: string): void => (require('node:v8') as typeof import('node:v8')).setFlagsFromString(flag);

/**
 * V8 flags this process changed while running, each with the setting that undoes it. V8 stamps a
 * code cache with the flags in force when the cache is made, and rejects a cache whose stamp
 * differs from the flags of the process loading it: the CLI's cache (bin/fiscal-report.js), made
 * at exit after `--heap-growing-percent` was set, was rejected by every next start, which then
 * compiled the whole bundle and wrote the cache again (about a quarter of a cold build).
 */
const undo = new Map<string, string>();

/** Sets a V8 flag for this process (`--name=value`, `--name`), remembering how to undo it (`--name=default`, `--no-name`). */
export function setRuntimeFlag(flag: string, undoFlag: string): void {
  if (!undo.has(flag)) undo.set(flag, undoFlag);
  setFlagsFromString(flag);
}

/**
 * Puts back the flags a fresh process starts with, so that a code cache made now is the one a
 * fresh process accepts. For the last moments of a process (the CLI's cache is made at exit).
 */
export function freshFlags(): void {
  for (const undoFlag of undo.values()) setFlagsFromString(undoFlag);
  undo.clear();
}
