import { Clock } from '../clock/clock';

/** A clock tests set and move by hand. */
export class FakeClock extends Clock {
  private current: number;

  constructor(start: Date | string = '2026-11-25T12:00:00Z') {
    super();
    this.current = new Date(start).getTime();
  }

  now(): Date {
    return new Date(this.current);
  }

  set(to: Date | string): void {
    this.current = new Date(to).getTime();
  }

  advance(ms: number): void {
    this.current += ms;
  }
}
