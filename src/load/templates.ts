import { readdirSync, readFileSync, statSync, existsSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { FiscalError } from '../model/issue';
import { packageRoot } from './package-root';
import type { TemplateSet } from '../render/engine';

/** The templates shipped with the tool (templates/ at the package root). */
export const DEFAULT_TEMPLATES = join(packageRoot(), 'templates');

function walk(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const full = join(dir, name);
      return statSync(full).isDirectory() ? walk(full) : name.endsWith('.hbs') ? [full] : [];
    });
}

/**
 * Reads the default templates, then the override directory: a file there with the same relative
 * name (e.g. final-accounts/debt.hbs) replaces the default template or partial of that name.
 */
export function loadTemplates(overrideDir?: string): TemplateSet {
  const templates = new Map<string, { source: string; file: string }>();
  const dirs = [DEFAULT_TEMPLATES];
  if (overrideDir) {
    if (!existsSync(overrideDir) || !statSync(overrideDir).isDirectory())
      throw new FiscalError(`模板目录 ${overrideDir} 不存在或不是目录`, [
        { code: 'templates-dir', severity: 'error', message: `模板目录 ${overrideDir} 不存在或不是目录：请检查 --templates 参数。`, place: { file: overrideDir } },
      ]);
    dirs.push(overrideDir);
  }
  for (const dir of dirs) {
    for (const file of walk(dir)) {
      const name = relative(dir, file).split(sep).join('/').replace(/\.hbs$/, '');
      templates.set(name, { source: readFileSync(file, 'utf8'), file: relative(process.cwd(), file) || file });
    }
  }
  return { templates };
}
