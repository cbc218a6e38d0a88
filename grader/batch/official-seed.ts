/** The course's seed for official grading: every student meets the same faults, and a regrade gives the same verdicts. */
export const OFFICIAL_SEED = 20_260_901;
