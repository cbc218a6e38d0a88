// The grader proves itself on Lab 05 (see proof-of-lab.ts).
import { sessionLogLab } from '../../grader/labs/05-session-log/lab.ts';
import { sessionLogMutants } from '../../grader/labs/05-session-log/mutants.ts';
import { proveLab } from './proof-of-lab.ts';

proveLab(sessionLogLab, sessionLogMutants, { everyCheckHasMutant: true });
