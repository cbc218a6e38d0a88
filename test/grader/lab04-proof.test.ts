// The grader proves itself on Lab 04, TCP and UDP steps alike: every check is named by a mutant, and
// each README step passes its checks with only its own code (see proof-of-lab.ts).
import { fileMutants } from '../../grader/labs/04-file-transfer/file-mutants.ts';
import { fileTransferLab } from '../../grader/labs/04-file-transfer/lab.ts';
import { fileTransferStepTrims } from '../../grader/labs/04-file-transfer/step-trims.ts';
import { udpMutants } from '../../grader/labs/04-file-transfer/udp-mutants.ts';
import { proveLab } from './proof-of-lab.ts';

proveLab(fileTransferLab, [...fileMutants, ...udpMutants], { everyCheckHasMutant: true, stepTrims: fileTransferStepTrims });
