import { createHash, timingSafeEqual } from 'node:crypto';
import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { CONFIG } from '../config/config';
import { DomainError } from '../errors/domain-error';

export interface AdminKeyConfig {
  IRONCAGE_ADMIN_KEY: string;
}

const digest = (value: string) => createHash('sha256').update(value).digest();

/** Reads `Authorization: Bearer <key>` (or `x-api-key`); undefined when absent. */
export function bearerToken(request: Pick<FastifyRequest, 'headers'>): string | undefined {
  const header = request.headers.authorization;
  if (typeof header === 'string') {
    const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
    if (match) return match[1];
  }
  const apiKey = request.headers['x-api-key'];
  return typeof apiKey === 'string' && apiKey.length > 0 ? apiKey : undefined;
}

/**
 * Platform administrator access with the bootstrap admin key (IRONCAGE_ADMIN_KEY). Compared in
 * constant time on digests, so neither the key nor its length leaks through timing.
 */
@Injectable()
export class AdminKeyGuard implements CanActivate {
  private readonly expected: Buffer;

  constructor(@Inject(CONFIG) config: AdminKeyConfig) {
    this.expected = digest(config.IRONCAGE_ADMIN_KEY);
  }

  canActivate(context: ExecutionContext): boolean {
    const token = bearerToken(context.switchToHttp().getRequest<FastifyRequest>());
    if (!token) throw new DomainError('missing_credentials', 'Send an admin key as `Authorization: Bearer <key>`', 'unauthenticated');
    if (!timingSafeEqual(digest(token), this.expected)) throw new DomainError('invalid_credentials', 'The key is not valid', 'unauthenticated');
    return true;
  }
}
