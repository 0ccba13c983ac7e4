/** Clock and Random adapters for the runtimes. */
import { randomBytes } from 'node:crypto';
import type { Clock } from '../ports/clock.js';
import type { Random } from '../ports/random.js';

/** The real time; optionally shifted so it reads `startAt` now and then advances in real time (local `NOW`). */
export class SystemClock implements Clock {
  readonly #offsetMs: number;

  constructor(startAt?: Date) {
    this.#offsetMs = startAt ? startAt.getTime() - Date.now() : 0;
  }

  now(): Date {
    return new Date(Date.now() + this.#offsetMs);
  }
}

/** node:crypto's CSPRNG. */
export class CryptoRandom implements Random {
  bytes(length: number): Uint8Array {
    return new Uint8Array(randomBytes(length));
  }
}
