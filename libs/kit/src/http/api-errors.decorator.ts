import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';

const errorSchema = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: {
        code: { type: 'string', description: 'Stable, machine-readable error code', example: 'invalid_request' },
        message: { type: 'string', description: 'What went wrong, safe to show' },
        details: {
          type: 'array',
          description: 'Per-field problems',
          items: { type: 'object', properties: { path: { type: 'string', example: 'query.limit' }, message: { type: 'string' } }, required: ['message'] },
        },
        errorId: { type: 'string', description: 'On 500 only: quote it when reporting; it is in the service log' },
      },
    },
  },
} as const;

const DESCRIPTIONS: Record<number, string> = {
  400: 'Invalid input: `details` names each field and why',
  401: 'Missing or invalid key (`missing_credentials`, `invalid_credentials`)',
  403: 'The key may not do this',
  404: 'No such resource',
  409: 'Conflicts with the current state',
  413: 'Body larger than HTTP_BODY_LIMIT_BYTES',
  429: 'A rate or budget limit; `retry-after` says when to retry',
  500: 'Unexpected failure: the body holds only an `errorId`',
  503: 'A dependency is unavailable',
};

/** Documents the platform's error body for the given statuses (400, 401 and 500 by default). */
export const ApiErrorResponses = (...statuses: number[]) =>
  applyDecorators(
    ...[...new Set([400, 401, 500, ...statuses])].sort().map((status) =>
      ApiResponse({ status, description: DESCRIPTIONS[status] ?? 'Error', schema: errorSchema as unknown as Record<string, unknown> }),
    ),
  );
