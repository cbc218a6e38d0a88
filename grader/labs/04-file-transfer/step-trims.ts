// Lab 04 cut back to each README step (see grader/engine/step-trim.ts): what a student has written by
// then, so that every check of that step and the ones before passes without a later step's code.
import type { TextEdit } from '../../engine/mutant.ts';
import type { StepTrim } from '../../engine/step-trim.ts';

/** Later steps' code taken out of the reference: whole files as the starter hands them out, or edits. */
interface Cut {
  starterFiles?: string[];
  edits?: TextEdit[];
}

/**
 * Before step 2: the "simple first version" of safeReceivedName and publishWithoutOverwrite that
 * step 1 asks for (README "Where to start"): the offered name as it is, and a plain rename.
 */
const FIRST_NAMES: Cut = {
  starterFiles: ['safe-name.ts', 'publish-file.ts'],
  edits: [
    { file: 'safe-name.ts', find: "  throw new Error(`TODO (README step 2): make ${JSON.stringify(received)} safe`);", replace: '  return received;' },
    {
      file: 'publish-file.ts',
      find: '// Lab 04 starter: give a verified file its final name, never overwriting (README step 2).\n',
      replace: "// Lab 04 starter: give a verified file its final name, never overwriting (README step 2).\nimport { rename } from 'node:fs/promises';\nimport { join } from 'node:path';\n",
    },
    {
      file: 'publish-file.ts',
      find: '  throw new Error(`TODO (README step 2): publish ${tempPath} as ${name} in ${dir}`);',
      replace: '  await rename(tempPath, join(dir, name));\n  return join(dir, name);',
    },
  ],
};

/** Before step 3: no progress, the starter's TransferProgress does nothing. */
const NO_PROGRESS: Cut = { starterFiles: ['transfer-progress.ts'] };

/**
 * Before step 4: no file index on the tracker, and the "first readSharedFolder" the share after login
 * needs (README "Where to start"): every name in the folder, hashed, nothing filtered.
 */
const NO_INDEX: Cut = {
  starterFiles: ['file-index-feature.ts', 'shared-folder.ts'],
  edits: [
    {
      file: 'shared-folder.ts',
      find: "import type { SharedFile } from '#kit/protocol/messages.ts';",
      replace: "import { readdir, stat } from 'node:fs/promises';\nimport { join } from 'node:path';\nimport type { SharedFile } from '#kit/protocol/messages.ts';\nimport { sha256OfFile } from './sha256-file.ts';",
    },
    {
      file: 'shared-folder.ts',
      find: '  throw new Error(`TODO (README step 4): read the shared folder ${dir}`);',
      replace: `  if (!dir) return [];
  const files: LocalFile[] = [];
  for (const name of (await readdir(dir)).sort()) {
    const path = join(dir, name);
    files.push({ name, size: (await stat(path)).size, sha256: await sha256OfFile(path), path });
  }
  return files;`,
    },
  ],
};

/** Before step 5: no /get and no serving of gets: downloads.ts and uploads.ts as handed out. */
const NO_DOWNLOADS: Cut = { starterFiles: ['downloads.ts', 'uploads.ts'] };

/**
 * Before step 6: a /get file tries its first holder only (no failover, no error once all failed), and
 * an upload has no limit: no AT_CAPACITY, no stall bound on the drain, a fixed wait for the verdict.
 */
const NO_FAILOVER: Cut = {
  edits: [
    { file: 'downloads.ts', find: '    for (const holder of holders) {', replace: '    for (const holder of holders.slice(0, 1)) {' },
    { file: 'downloads.ts', find: "    if (last && !last.ok) this.problem(last.reason, `${name}: every holder failed; the last said ${last.reason}`, name);\n", replace: '' },
    {
      file: 'uploads.ts',
      find: "    if (this.active >= this.maxUploads) {\n      link.send(errorReply(get, 'AT_CAPACITY', `already serving ${this.active} downloads: try another holder`));\n      return false;\n    }\n",
      replace: '',
    },
    { file: 'uploads.ts', find: '        await streamFile({ link }, get.xfer, file.path, () => {}, this.stallTimeoutMs);', replace: '        await streamFile({ link }, get.xfer, file.path, () => {});' },
    { file: 'uploads.ts', find: '      const verdict = await this.next(link, queue, this.stallTimeoutMs);', replace: '      const verdict = await this.next(link, queue, HANDSHAKE_TIMEOUT_MS);' },
  ],
};

/** Before step 7: no reliable UDP at all, the five UDP files as handed out. */
const NO_UDP: Cut = { starterFiles: ['udp-send.ts', 'udp-recv.ts', 'udp-sender.ts', 'udp-receiver.ts', 'udp-inbound-transfer.ts'] };

/** Before step 8: Selective Repeat's two classes still throw their TODOs, as in the starter. */
const NO_SELECTIVE_REPEAT: Cut = {
  edits: [
    {
      file: 'udp-sender.ts',
      find: '  metaAcknowledgedBy(seq: number): boolean {\n    return seq === 0;\n  }',
      replace: "  metaAcknowledgedBy(seq: number): boolean {\n    void seq;\n    throw new Error('TODO (README step 8): SelectiveRepeat.metaAcknowledgedBy in udp-sender.ts');\n  }",
    },
    {
      file: 'udp-sender.ts',
      find: '  sent(seq: number): void {\n    this.arm(seq);\n  }',
      replace: "  sent(seq: number): void {\n    void seq;\n    throw new Error('TODO (README step 8): SelectiveRepeat.sent in udp-sender.ts');\n  }",
    },
    {
      file: 'udp-sender.ts',
      find: '    const timer = this.timers.get(seq);\n',
      replace: "    throw new Error(`TODO (README step 8): SelectiveRepeat.acknowledged(${seq}) in udp-sender.ts`);\n    const timer = this.timers.get(seq);\n",
    },
    {
      file: 'udp-receiver.ts',
      find: '  ackForMeta(): number {\n    return 0;\n  }',
      replace: "  ackForMeta(): number {\n    throw new Error('TODO (README step 8): SelectiveRepeatReceiveWindow.ackForMeta in udp-receiver.ts');\n  }",
    },
    {
      file: 'udp-receiver.ts',
      find: '    if (seq >= this.base && seq < this.base + this.window) {\n',
      replace: "    throw new Error(`TODO (README step 8): SelectiveRepeatReceiveWindow.receive(${seq}, ${payload.length} bytes) in udp-receiver.ts`);\n    if (seq >= this.base && seq < this.base + this.window) {\n",
    },
  ],
};

function trim(throughStep: number, missing: string, cuts: Cut[]): StepTrim {
  return {
    throughStep,
    missing,
    starterFiles: cuts.flatMap((cut) => cut.starterFiles ?? []),
    edits: cuts.flatMap((cut) => cut.edits ?? []),
  };
}

export const fileTransferStepTrims: StepTrim[] = [
  trim(1, 'safe names, no-overwrite publishing, progress, the index, /get, uploads, failover, UDP', [FIRST_NAMES, NO_PROGRESS, NO_INDEX, NO_DOWNLOADS, NO_UDP]),
  trim(2, 'progress, the index, /get, uploads, failover, UDP', [NO_PROGRESS, NO_INDEX, NO_DOWNLOADS, NO_UDP]),
  trim(3, 'the index, /get, uploads, failover, UDP', [NO_INDEX, NO_DOWNLOADS, NO_UDP]),
  trim(4, '/get, uploads, failover, UDP', [NO_DOWNLOADS, NO_UDP]),
  trim(5, 'failover and upload limits, UDP', [NO_FAILOVER, NO_UDP]),
  trim(6, 'UDP', [NO_UDP]),
  trim(7, 'Selective Repeat', [NO_SELECTIVE_REPEAT]),
];
