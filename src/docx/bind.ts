import { bindingName } from '../model/bind';
import { bookmarkEnd, bookmarkStart } from './xml';

/**
 * Bookmark ids must be unique within a document and, for byte-identical output, the same on every
 * build: a counter per document, started by startBindings() when a document is assembled.
 */
let nextId = 1;

export function startBindings(): void {
  nextId = 1;
}

/** A figure's runs (XML) wrapped in its binding bookmark (see model/bind.ts). */
export function boundRun(runs: string, key: string, text: string): string {
  return bookmarked(runs, bindingName(key, text, 'F'));
}

/** Consecutive runs of one slot wrapped in the slot's bookmark. */
export function boundSlot(content: string, key: string, text: string): string {
  return bookmarked(content, bindingName(key, text, 'S'));
}

/** The first cell of a long table's band of rows (model/table-band.ts) wrapped in the band's bookmark. */
export function boundBand(content: string, key: string, text: string): string {
  return bookmarked(content, bindingName(key, text, 'B'));
}

function bookmarked(content: string, name: string): string {
  const id = nextId++;
  return bookmarkStart(name, id) + content + bookmarkEnd(id);
}
