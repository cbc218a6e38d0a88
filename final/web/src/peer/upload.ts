// Sending a file from the page: the bytes go to this page's own peer process first (a browser cannot
// open TCP connections), then the process offers them to the other peer, as /send would.
import type { UploadReply } from '../../../shared/peer-page-messages.ts';
import { bytes } from '../common/format.ts';

export async function upload(file: File, maxBytes: number): Promise<UploadReply | string> {
  if (file.size > maxBytes) return `${file.name} is ${bytes(file.size)}; the page can send files up to ${bytes(maxBytes)}`;
  try {
    const response = await fetch('/api/upload', {
      method: 'POST',
      headers: { 'Content-Type': 'application/octet-stream', 'X-File-Name': encodeURIComponent(file.name) },
      body: file,
    });
    const reply = (await response.json().catch(() => ({}))) as Partial<UploadReply> & { error?: string };
    if (!response.ok || typeof reply.upload !== 'string') return reply.error ?? `the upload of ${file.name} failed (${response.status})`;
    return reply as UploadReply;
  } catch (error) {
    return `the upload of ${file.name} failed: ${(error as Error).message}`;
  }
}
