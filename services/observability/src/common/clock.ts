import { Injectable } from '@nestjs/common';

/** The clock is I/O: use cases ask this port for the time, so tests can set it. */
export abstract class Clock {
  abstract now(): Date;
}

@Injectable()
export class SystemClock extends Clock {
  now(): Date {
    return new Date();
  }
}
