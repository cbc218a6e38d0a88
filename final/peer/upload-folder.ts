// Files the page hands to its peer process before they are sent: the page posts the bytes here (only
// from its own origin, within a size limit), they are streamed to a private temporary folder under
// their own name, and the peer then sends them with the terminal peer's `/send NAME PATH`.
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type express from 'express';
import type { UploadReply } from '../shared/peer-page-messages.ts';
import { isSameOrigin, type OriginPolicy } from '../ui-server/same-origin.ts';

export const MAX_UPLOAD_BYTES = 1024 ** 3;
const MAX_NAME_BYTES = 255;

export class UploadFolder {
  private readonly paths = new Map<string, string>();

  private constructor(
    private readonly root: string,
    readonly maxBytes: number,
  ) {}

  static async create(maxBytes = MAX_UPLOAD_BYTES): Promise<UploadFolder> {
    return new UploadFolder(await mkdtemp(join(tmpdir(), 'sharing-is-caring-uploads-')), maxBytes);
  }

  /** Where an upload is stored, by the id its reply gave. */
  pathOf(id: string): string | undefined {
    return this.paths.get(id);
  }

  route(app: express.Express, policy: OriginPolicy): void {
    app.post('/api/upload', (request, response) => {
      // A foreign page can post a form here; it cannot set a custom header without our consent (CORS).
      const encodedName = request.headers['x-file-name'];
      if (!isSameOrigin(request.headers.origin, request.headers.host, policy) || typeof encodedName !== 'string') {
        return void response.status(403).json({ error: 'uploads come from this peer\'s own page only' });
      }
      const name = uploadName(encodedName);
      if (!name) return void response.status(400).json({ error: 'that is not a plain file name' });
      const declared = Number(request.headers['content-length'] ?? 0);
      // Refused before a byte is read: the connection is closed after the answer, not drained.
      if (declared > this.maxBytes) return void response.set('Connection', 'close').status(413).json({ error: `files up to ${this.maxBytes} bytes can be sent from the page` });
      void this.store(request, name).then(
        (reply) => response.status(201).json(reply),
        (error: Error & { status?: number }) => {
          response.set('Connection', 'close').status(error.status ?? 500).json({ error: error.message });
        },
      );
    });
  }

  async removeAll(): Promise<void> {
    await rm(this.root, { recursive: true, force: true });
  }

  private async store(request: express.Request, name: string): Promise<UploadReply> {
    const id = randomBytes(9).toString('base64url');
    const dir = join(this.root, id);
    await mkdir(dir);
    const path = join(dir, name);
    const file = createWriteStream(path, { flags: 'wx' });
    let size = 0;
    try {
      await new Promise<void>((resolve, reject) => {
        request.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > this.maxBytes) reject(Object.assign(new Error(`files up to ${this.maxBytes} bytes can be sent from the page`), { status: 413 }));
          else if (!file.write(chunk)) request.pause();
        });
        file.on('drain', () => request.resume());
        // A write that fails while the stream ends reaches end()'s callback before any 'error' event:
        // take it there too, or a file cut short would be accepted as complete.
        request.on('end', () => file.end((error?: Error | null) => (error ? reject(error) : resolve())));
        request.on('error', reject);
        request.on('aborted', () => reject(new Error('the upload was interrupted')));
        file.on('error', reject);
      });
    } catch (error) {
      file.destroy();
      await rm(dir, { recursive: true, force: true });
      throw error;
    }
    this.paths.set(id, path);
    return { upload: id, name, size };
  }
}

/**
 * The name to store an upload under, or undefined when it is not a plain name. Runs of spaces become one
 * and the ends are trimmed, because `/send NAME PATH` reads the path as words joined by single spaces.
 * Characters that other systems forbid are kept: the receiver makes its own safe name (Lab 04).
 */
export function uploadName(encoded: string): string | undefined {
  let name: string;
  try {
    name = decodeURIComponent(encoded);
  } catch {
    return undefined;
  }
  if (/[/\\\u0000-\u001f\u007f]/.test(name)) return undefined;
  name = name.replace(/\s+/g, ' ').trim();
  if (name === '' || name === '.' || name === '..') return undefined;
  return Buffer.byteLength(name) <= MAX_NAME_BYTES ? name : undefined;
}
