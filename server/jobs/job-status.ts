// Job states and their rules, with no imports: shared by the server and the UI.
export const JOB_STATES = ["queued", "running", "succeeded", "failed", "cancelled"] as const;
export type JobState = (typeof JOB_STATES)[number];

export const TERMINAL_STATES: ReadonlySet<JobState> = new Set(["succeeded", "failed", "cancelled"]);
export const ACTIVE_STATES: ReadonlySet<JobState> = new Set(["queued", "running"]);

export const isTerminal = (s: JobState | undefined): boolean => s !== undefined && TERMINAL_STATES.has(s);
export const isJobState = (s: unknown): s is JobState => JOB_STATES.includes(s as JobState);
/** Failed and cancelled jobs can resume from their checkpoints. */
export const canResume = (s: JobState): boolean => s === "failed" || s === "cancelled";
export const canCancel = (s: JobState): boolean => ACTIVE_STATES.has(s);
