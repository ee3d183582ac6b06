/** Writes schema/fiscal-report.batch.schema.json from the zod schema (npm run schema). */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { batchConfigJsonSchema } from '../src/batch/config-schema';

export const SCHEMA_FILE = join(__dirname, '..', 'schema', 'fiscal-report.batch.schema.json');
export const schemaText = () => JSON.stringify(batchConfigJsonSchema(), null, 2) + '\n';

if (require.main === module) {
  writeFileSync(SCHEMA_FILE, schemaText());
  console.log(`已写入 ${SCHEMA_FILE}`);
}
