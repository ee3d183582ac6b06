import type { Place } from '../model/issue';
import { pathToString, type PathSegment } from './path';

/**
 * What a loader gives back besides the value: a way to find where any part of the value came from
 * (line and column for JSON, sheet and cell for a workbook). The nearest located ancestor answers
 * for a path that has no place of its own, e.g. a missing key.
 */
export interface SourceMap {
  file: string;
  locate(path: readonly PathSegment[]): Place;
}

export function mapSource(file: string, places: Map<string, Omit<Place, 'file' | 'path'>>): SourceMap {
  return {
    file,
    locate(path) {
      const full = pathToString(path);
      const exact = places.get(full);
      if (exact) return { file, path: full, ...exact };
      for (let n = path.length - 1; n >= 0; n--) {
        const hit = places.get(pathToString(path.slice(0, n)));
        if (!hit) continue;
        // A label names the cell of the path itself, not of an ancestor answering for a missing one.
        if (n < path.length && hit.label !== undefined) {
          const { label: _label, ...rest } = hit;
          return { file, path: full, ...rest };
        }
        return { file, path: full, ...hit };
      }
      return { file, path: full };
    },
  };
}
