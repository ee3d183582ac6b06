/** Writes schema/fiscal-report.batch.schema.json and schema/fiscal-report.classified.schema.json from the zod schemas (npm run schema). */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { batchConfigJsonSchema } from '../src/batch/config-schema';
import { classifiedJsonSchema } from '../src/validate/schema/classified';

export const SCHEMA_FILE = join(__dirname, '..', 'schema', 'fiscal-report.batch.schema.json');
export const schemaText = () => JSON.stringify(batchConfigJsonSchema(), null, 2) + '\n';
export const CLASSIFIED_SCHEMA_FILE = join(__dirname, '..', 'schema', 'fiscal-report.classified.schema.json');
export const classifiedSchemaText = () => JSON.stringify(classifiedJsonSchema(), null, 2) + '\n';

if (require.main === module) {
  writeFileSync(SCHEMA_FILE, schemaText());
  console.log(`已写入 ${SCHEMA_FILE}`);
  writeFileSync(CLASSIFIED_SCHEMA_FILE, classifiedSchemaText());
  console.log(`已写入 ${CLASSIFIED_SCHEMA_FILE}`);
}
