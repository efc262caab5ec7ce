import { Injectable } from '@nestjs/common';

/** The time, as an adapter: tests replace it to move past expiries and cache TTLs. */
@Injectable()
export class Clock {
  now(): number {
    return Date.now();
  }
}
