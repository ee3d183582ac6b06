import { BookmarkEnd, BookmarkStart, type TextRun, type ParagraphChild } from 'docx';
import { bindingName } from '../model/bind';

/**
 * Bookmark ids must be unique within a document and, for byte-identical output, the same on every
 * build: a counter per document, started by startBindings() when a document is assembled.
 */
let nextId = 1;

export function startBindings(): void {
  nextId = 1;
}

/** A figure run wrapped in its binding bookmark (see model/bind.ts). */
export function boundRun(run: TextRun | TextRun[], key: string, text: string): ParagraphChild[] {
  return bookmarked(Array.isArray(run) ? run : [run], bindingName(key, text, 'F'));
}

/** Consecutive runs of one slot wrapped in the slot's bookmark. */
export function boundSlot(children: ParagraphChild[], key: string, text: string): ParagraphChild[] {
  return bookmarked(children, bindingName(key, text, 'S'));
}

function bookmarked(children: ParagraphChild[], name: string): ParagraphChild[] {
  const id = nextId++;
  return [new BookmarkStart(name, id) as unknown as ParagraphChild, ...children, new BookmarkEnd(id) as unknown as ParagraphChild];
}
