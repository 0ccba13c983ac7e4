/** Source of the current time; injected so core code and tests can fix it. */
export interface Clock {
  /** The current instant. */
  now(): Date;
}
