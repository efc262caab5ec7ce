import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';

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

/**
 * The system clock shifted by a fixed amount (BUDGET_CLOCK_OFFSET_MS, refused in production): lets
 * a process-level test bring a real budget service — every replica given the same offset — up to
 * the end of a period and watch it reset, instead of waiting for midnight.
 */
export class OffsetClock extends Clock {
  constructor(readonly offsetMs: number) {
    super();
  }

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }
}

/** The clock a service process runs on: the system's, or the system's shifted by the configured offset. */
export function configuredClock(offsetMs: number): Clock {
  return offsetMs === 0 ? new SystemClock() : new OffsetClock(offsetMs);
}

/** Says so in the log when the service runs on a shifted clock. */
@Injectable()
export class ClockNotice implements OnApplicationBootstrap {
  constructor(private readonly clock: Clock) {}

  onApplicationBootstrap(): void {
    if (this.clock instanceof OffsetClock) {
      new Logger('Clock').warn({ msg: `BUDGET_CLOCK_OFFSET_MS is set: this replica's clock runs ${this.clock.offsetMs} ms off the system's (development only)`, offsetMs: this.clock.offsetMs, now: this.clock.now().toISOString() });
    }
  }
}
