/** Progress reports from long operations; the CLI draws them, other callers may ignore them. */
export interface ProgressEvent {
  readonly done: number;
  readonly total: number;
  readonly what: string;
}

export type ProgressFn = (p: ProgressEvent) => void;
