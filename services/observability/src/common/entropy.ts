import { randomBytes, randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';

/** Randomness is I/O too: ids and salts come from this port, so tests can make them predictable. */
export abstract class Entropy {
  abstract uuid(): string;
  abstract bytes(n: number): Buffer;
}

@Injectable()
export class SystemEntropy extends Entropy {
  uuid(): string {
    return randomUUID();
  }
  bytes(n: number): Buffer {
    return randomBytes(n);
  }
}
