import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { FastifyRequest } from 'fastify';
import type { UploadFile } from './build';

/**
 * Receiving uploaded files: each is read into memory, with a size limit per file; nothing is
 * written to disk (the browser's file name is a label only, never a path). A copy in a temporary
 * directory was written once and never read: under 50 writers at once its directory, file and
 * removal took about a third of the server process's own work. What cannot be accepted is said as
 * an UploadRefused, after the rest of the request has been read and dropped, so the browser always
 * receives the page that explains it.
 */

export class UploadRefused extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    message: string,
  ) {
    super(message);
  }
}

export interface UploadLimits {
  maxFileBytes: number;
  /** Files in one request, all fields together. */
  maxFiles: number;
}

/** Which file fields a form has and how many files each takes. */
export type UploadFields = Record<string, { max: number; label: string }>;

const mb = (n: number) => `${Math.round(n / 1048576)} MB`;

/**
 * The name a browser gave a file, as a label for messages: the last path segment only, without
 * control characters or characters that mean something in paths or markup, at most 100 characters.
 */
export function uploadLabel(filename: string): string {
  const last = filename.split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  const clean = last.replace(/[\u0000-\u001f\u007f<>:"|?*]/g, '').trim().replace(/^\.+/, '');
  if (!clean) return '上传的文件';
  if (clean.length <= 100) return clean;
  const dot = clean.lastIndexOf('.');
  const ext = dot > 0 && clean.length - dot <= 10 ? clean.slice(dot) : '';
  return clean.slice(0, 100 - ext.length) + ext;
}

const drain = (stream: NodeJS.ReadableStream) =>
  pipeline(
    stream,
    new Writable({
      write(_c, _e, cb) {
        cb();
      },
    }),
  );

const MULTIPART_ERRORS: Record<string, [number, string]> = {
  FST_FILES_LIMIT: [413, '一次上传的文件过多'],
  FST_PARTS_LIMIT: [413, '表单内容过多'],
  FST_FIELDS_LIMIT: [413, '表单内容过多'],
  FST_PROTO_VIOLATION: [400, '表单内容不正确'],
  FST_INVALID_MULTIPART_CONTENT_TYPE: [400, '请通过上传页面提交文件'],
};

/** Reads a multipart request's files (and small text fields) into memory. */
export async function receiveUploads(
  req: FastifyRequest,
  fields: UploadFields,
  limits: UploadLimits,
): Promise<{ files: Map<string, UploadFile[]>; values: Map<string, string> }> {
  const files = new Map<string, UploadFile[]>();
  const values = new Map<string, string>();
  let refusal: UploadRefused | null = null;
  try {
    const parts = req.parts({
      // (the plugin is registered with throwFileSizeLimit: false: a file over the limit is cut, and said below)
      limits: { fileSize: limits.maxFileBytes, files: limits.maxFiles, fields: 20, fieldSize: 2000, parts: limits.maxFiles + 20, headerPairs: 100 },
    });
    for await (const part of parts) {
      if (part.type !== 'file') {
        if (typeof part.value === 'string') values.set(part.fieldname, part.value);
        continue;
      }
      const spec = Object.prototype.hasOwnProperty.call(fields, part.fieldname) ? fields[part.fieldname] : undefined;
      // No file chosen in an optional field: an empty part without a name.
      if (refusal || !spec || !part.filename) {
        await drain(part.file);
        if (!refusal && !spec && part.filename) refusal = new UploadRefused(400, '无法接收上传', `表单中有不认识的文件字段“${part.fieldname}”：请通过上传页面提交。`);
        continue;
      }
      const list = files.get(part.fieldname) ?? [];
      const label = uploadLabel(part.filename);
      if (list.length >= spec.max) {
        await drain(part.file);
        refusal = new UploadRefused(400, '无法接收上传', `“${spec.label}”只能选择 ${spec.max} 个文件。`);
        continue;
      }
      const chunks: Buffer[] = [];
      for await (const chunk of part.file) chunks.push(chunk as Buffer);
      if (part.file.truncated) {
        refusal = new UploadRefused(413, '文件太大', `“${label}”超过了每个文件 ${mb(limits.maxFileBytes)} 的上限，未处理。数据工作簿通常不到 1 MB：请确认选对了文件。`);
        continue;
      }
      list.push({ name: label, bytes: Buffer.concat(chunks) });
      files.set(part.fieldname, list);
    }
  } catch (e) {
    const code = (e as { code?: string }).code ?? '';
    const known = MULTIPART_ERRORS[code];
    if (known) throw new UploadRefused(known[0], known[1], `${known[1]}：请通过上传页面提交，每次最多 ${limits.maxFiles} 个文件。`);
    throw e;
  }
  if (refusal) throw refusal;
  return { files, values };
}
