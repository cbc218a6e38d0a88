// The grader proves itself on Lab 05, each README step with only its own code included (see
// proof-of-lab.ts).
import { sessionLogLab } from '../../grader/labs/05-session-log/lab.ts';
import { sessionLogMutants } from '../../grader/labs/05-session-log/mutants.ts';
import { sessionLogStepTrims } from '../../grader/labs/05-session-log/step-trims.ts';
import { proveLab } from './proof-of-lab.ts';

proveLab(sessionLogLab, sessionLogMutants, { everyCheckHasMutant: true, stepTrims: sessionLogStepTrims });
