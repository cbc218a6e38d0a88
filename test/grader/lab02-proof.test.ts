// The grader proves itself on Lab 02 (see proof-of-lab.ts).
import { trackerAuthLab } from '../../grader/labs/02-tracker-auth/lab.ts';
import { trackerAuthMutants } from '../../grader/labs/02-tracker-auth/mutants.ts';
import { trackerAuthStepTrims } from '../../grader/labs/02-tracker-auth/step-trims.ts';
import { proveLab } from './proof-of-lab.ts';

proveLab(trackerAuthLab, trackerAuthMutants, { everyCheckHasMutant: true, stepTrims: trackerAuthStepTrims });
