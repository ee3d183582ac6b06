import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The fiscal-report package directory (where templates/ and data/ are), found from this module's
 * place: two levels up from src/load or dist/load, one up from a bundle in dist/.
 */
export function packageRoot(from: string = __dirname): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'templates'))) return dir;
    if (dirname(dir) === dir) return join(from, '..', '..');
  }
}
