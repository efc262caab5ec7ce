import { Injectable } from '@nestjs/common';

/**
 * The clock is I/O: every use case asks this port for the time, so tests can move it (a budget's
 * period resets without anyone waiting a day) and all replicas agree on how periods are derived.
 */
export abstract class Clock {
  abstract now(): Date;
}

@Injectable()
export class SystemClock extends Clock {
  now(): Date {
    return new Date();
  }
}
