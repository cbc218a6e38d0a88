// The grader proves itself on Lab 01 (see proof-of-lab.ts).
import { twoPeersLab } from '../../grader/labs/01-two-peers/lab.ts';
import { twoPeersMutants } from '../../grader/labs/01-two-peers/mutants.ts';
import { twoPeersStepTrims } from '../../grader/labs/01-two-peers/step-trims.ts';
import { proveLab } from './proof-of-lab.ts';

proveLab(twoPeersLab, twoPeersMutants, { minimumChecksNamed: 8, stepTrims: twoPeersStepTrims });
