// The session log keeps each peer's own report of the files of a session (PROTOCOL §3.2 close_session, and history):
// a file sent and received is reported twice, once by each side. People count files, so the reports
// are paired into files: a sender's report and a receiver's report of the same bytes (SHA-256 and
// size; the receiver may have saved it under another name) are one file, and their agreeing is shown.
import type { FileRow } from './dashboard-snapshot.ts';

/** One side's report of a file, as the session log keeps it. */
export type FileReport = FileRow;

export interface SessionFile {
  /** The name it was saved under (the receiver's report), else the name it was sent under. */
  name: string;
  /** The name the sender reported, when it differs from `name`. */
  sentAs?: string;
  size: number;
  sha256: string;
  sentBy?: string;
  receivedBy?: string;
  /** Verified: the receiver's report says so, or (without one) the sender's, which heard the verdict. */
  verified: boolean;
}

export function filesOfSession(reports: readonly FileReport[]): SessionFile[] {
  const files: SessionFile[] = [];
  // A report waiting for its other side, by the bytes it describes and the side it still needs.
  const unpaired = new Map<string, SessionFile[]>();
  for (const report of reports) {
    const bytes = `${report.sha256}/${report.size}`;
    const waiting = unpaired.get(`${bytes}/${report.direction}`);
    const partner = waiting?.shift();
    if (partner) {
      if (report.direction === 'sent') Object.assign(partner, { sentBy: report.reportedBy }, report.name !== partner.name ? { sentAs: report.name } : {});
      else Object.assign(partner, { receivedBy: report.reportedBy, verified: report.verified, name: report.name }, report.name !== partner.name ? { sentAs: partner.name } : {});
      continue;
    }
    const file: SessionFile = { name: report.name, size: report.size, sha256: report.sha256, verified: report.verified, ...(report.direction === 'sent' ? { sentBy: report.reportedBy } : { receivedBy: report.reportedBy }) };
    files.push(file);
    const needs = `${bytes}/${report.direction === 'sent' ? 'received' : 'sent'}`;
    unpaired.set(needs, [...(unpaired.get(needs) ?? []), file]);
  }
  return files;
}

/** "2 files, 2 verified, both sides agree" or what differs: the summary a table cell shows. */
export function describeSessionFiles(files: readonly SessionFile[]): string {
  if (files.length === 0) return '—';
  const verified = files.filter((file) => file.verified).length;
  const oneSided = files.filter((file) => !file.sentBy || !file.receivedBy).length;
  const agreement = oneSided === 0 ? 'both sides agree' : `${oneSided} reported by one side only`;
  return `${files.length} ${files.length === 1 ? 'file' : 'files'} (${verified} ✓, ${agreement})`;
}

/** One line per file, for a tooltip. */
export function sessionFileLines(files: readonly SessionFile[]): string {
  const named = (file: SessionFile) => (file.sentAs === undefined ? file.name : `${file.sentAs} (saved as ${file.name})`);
  return files.map((file) => `${named(file)}: ${file.sentBy ?? '?'} → ${file.receivedBy ?? '?'}, ${file.verified ? 'verified' : 'not verified'}`).join('\n');
}
