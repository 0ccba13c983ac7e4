/**
 * Fault injection for port objects: wraps any adapter (ledger, object store, signer, SMS sender, …) so that
 * the N-th call of one of its methods fails. Used by the reliability suite to break issuance at every external
 * call in turn, with the real adapters underneath.
 */

/** The error thrown by an injected fault; not a DomainError, so the HTTP layer treats it as an outage (500). */
export class InjectedFault extends Error {
  constructor(
    readonly target: string,
    readonly call: number,
    readonly when: FaultTiming,
  ) {
    super(`injected fault: ${target} call #${call} (${when})`);
    this.name = 'InjectedFault';
  }
}

/**
 * `before`: the call fails without reaching the adapter (a refused or timed-out request).
 * `after`: the adapter does its work, then the caller sees a failure (the reply was lost on the way back).
 */
export type FaultTiming = 'before' | 'after';

/** One armed fault: the `nth` call (1-based, counted from arming) of `target` (`port.method`) fails. */
export interface FaultSpec {
  target: string;
  nth: number;
  when?: FaultTiming;
}

/** A call held by `FaultInjector.hold`: it waits at the port until released. */
export interface HeldCall {
  /** Settles when the call arrives (and waits). */
  reached: Promise<void>;
  /** Let the call go on to the port (or to an armed fault). */
  release(): void;
  /** Settles when the released call has settled, whatever its outcome. */
  settled: Promise<void>;
}

/**
 * Counts every call of every wrapped method and fires at most one armed fault. One injector is shared by all
 * the ports of a composition, so a scenario can say "the 2nd `ledger.putPending` fails" wherever it happens.
 */
export class FaultInjector {
  readonly #calls = new Map<string, number>();
  #armed: (FaultSpec & { seen: number }) | undefined;
  readonly #holds = new Map<string, { arrive(): void; gate: Promise<void>; done(): void }>();
  /** The faults that fired, in order. */
  readonly fired: InjectedFault[] = [];

  /** Arm one fault (replacing any armed before). */
  arm(spec: FaultSpec): void {
    if (!Number.isInteger(spec.nth) || spec.nth < 1) throw new RangeError(`nth must be ≥ 1: ${spec.nth}`);
    this.#armed = { ...spec, seen: 0 };
  }

  /**
   * Hold the `nth` call of `target` (counted like faults, from the last reset) until released: a scenario
   * can then let other requests overtake it, forcing an interleaving instead of waiting for timing luck.
   */
  hold(target: string, nth: number): HeldCall {
    let arrive = () => {};
    let release = () => {};
    let done = () => {};
    const reached = new Promise<void>((resolve) => {
      arrive = resolve;
    });
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const settled = new Promise<void>((resolve) => {
      done = resolve;
    });
    this.#holds.set(`${target}#${nth}`, { arrive, gate, done });
    return { reached, release, settled };
  }

  /** Disarm, drop holds not reached yet and forget call counts (fired faults stay listed). */
  reset(): void {
    this.#armed = undefined;
    this.#calls.clear();
    this.#holds.clear();
  }

  /** Calls per `port.method` since the last reset. */
  counts(): Record<string, number> {
    return Object.fromEntries(this.#calls);
  }

  /** Whether the armed fault has not fired yet. */
  get pending(): boolean {
    return this.#armed !== undefined;
  }

  /**
   * A proxy of `port` whose methods are counted and can fail. Methods run with the original object as
   * `this`, so classes with private fields keep working; other properties read through unchanged.
   */
  wrap<T extends object>(name: string, port: T): T {
    return new Proxy(port, {
      get: (target, property, receiver) => {
        const value = Reflect.get(target, property, receiver);
        if (typeof value !== 'function' || typeof property !== 'string' || property === 'constructor') {
          return value;
        }
        const key = `${name}.${property}`;
        return (...args: unknown[]) => this.#invoke(key, () => value.apply(target, args));
      },
    });
  }

  #invoke(key: string, run: () => unknown): unknown {
    const count = (this.#calls.get(key) ?? 0) + 1;
    this.#calls.set(key, count);
    const held = this.#holds.get(`${key}#${count}`);
    if (held) {
      this.#holds.delete(`${key}#${count}`);
      held.arrive();
      const outcome = held.gate.then(() => this.#fire(key, run));
      outcome.then(held.done, held.done);
      return outcome;
    }
    return this.#fire(key, run);
  }

  #fire(key: string, run: () => unknown): unknown {
    const armed = this.#armed;
    if (!armed || armed.target !== key) return run();
    armed.seen += 1;
    if (armed.seen !== armed.nth) return run();
    this.#armed = undefined;
    const fault = new InjectedFault(key, armed.seen, armed.when ?? 'before');
    this.fired.push(fault);
    if (fault.when === 'before') return Promise.reject(fault);
    return Promise.resolve(run()).then(() => Promise.reject(fault));
  }
}
