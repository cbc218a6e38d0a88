// Lab 04 as the grader sees it: the README's steps and the checks that verify them.
import type { LabDefinition } from '../../engine/types.ts';
import { diskFaultChecks } from './disk-fault-checks.ts';
import { downloadChecks } from './download-checks.ts';
import { failoverOrderChecks } from './failover-order-checks.ts';
import { parallelBoundChecks } from './parallel-bound-checks.ts';
import { getCommandChecks } from './get-command-checks.ts';
import { sendVerdictChecks } from './send-verdict-checks.ts';
import { fileChecks } from './file-checks.ts';
import { indexChecks } from './index-checks.ts';
import { holdersOrderChecks } from './holders-order-checks.ts';
import { liarChecks } from './liar-checks.ts';
import { nameChecks } from './name-checks.ts';
import { keptNameChecks } from './kept-name-checks.ts';
import { shareChecks } from './share-checks.ts';
import { streamChecks } from './stream-checks.ts';
import { uploadPaceChecks } from './upload-pace-checks.ts';
import { udpChecks } from './udp-checks.ts';
import { udpReceiverRuleChecks } from './udp-receiver-rules.ts';
import { udpSenderRuleChecks } from './udp-sender-rules.ts';
import { udpStrangerChecks } from './udp-stranger-checks.ts';

export const fileTransferLab: LabDefinition = {
  id: '04',
  slug: '04-file-transfer',
  title: 'File transfer',
  released: true,
  steps: {
    1: 'Send a file in a session',
    2: 'Safe names',
    3: 'Progress',
    4: 'The file index',
    5: 'Who has it, and parallel downloads',
    6: 'Failover',
    7: 'Reliable UDP: Go-Back-N',
    8: 'Reliable UDP: Selective Repeat',
  },
  checks: [...fileChecks, ...streamChecks, ...nameChecks, ...keptNameChecks, ...shareChecks, ...indexChecks, ...holdersOrderChecks, ...downloadChecks, ...liarChecks, ...failoverOrderChecks, ...parallelBoundChecks, ...getCommandChecks, ...sendVerdictChecks, ...uploadPaceChecks, ...diskFaultChecks, ...udpChecks, ...udpReceiverRuleChecks, ...udpStrangerChecks, ...udpSenderRuleChecks].sort((a, b) => a.step - b.step),
};
