import type { Clock } from '../../src/application/ports.ts';

/** A clock that stands still until the test moves it: days of a session's life in a few requests. */
export class ManualClock implements Clock {
  #at: number;

  constructor(start = new Date()) {
    this.#at = start.getTime();
  }

  now(): Date {
    return new Date(this.#at);
  }

  advance(seconds: number): void {
    this.#at += seconds * 1000;
  }
}
