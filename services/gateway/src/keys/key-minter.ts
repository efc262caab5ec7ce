import { Injectable } from '@nestjs/common';
import { generateKey, keyHint, type KeyKind } from './key-format';
import { KeyHasher } from './key-hasher';

export interface MintedKey {
  /** Shown to the caller once, never stored or logged. */
  secret: string;
  hash: Buffer;
  hint: string;
}

/** Creates keys: the randomness and the HMAC, as one adapter use cases can replace in tests. */
@Injectable()
export class KeyMinter {
  constructor(private readonly hasher: KeyHasher) {}

  mint(kind: KeyKind): MintedKey {
    const secret = generateKey(kind);
    return { secret, hash: this.hasher.hash(secret), hint: keyHint(secret) };
  }
}
