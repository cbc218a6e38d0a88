// The grader proves itself on Lab 03 (see proof-of-lab.ts).
import { rosterAndDirectLab } from '../../grader/labs/03-roster-and-direct/lab.ts';
import { rosterAndDirectMutants } from '../../grader/labs/03-roster-and-direct/mutants.ts';
import { rosterAndDirectStepTrims } from '../../grader/labs/03-roster-and-direct/step-trims.ts';
import { proveLab } from './proof-of-lab.ts';

proveLab(rosterAndDirectLab, rosterAndDirectMutants, { everyCheckHasMutant: true, stepTrims: rosterAndDirectStepTrims });
