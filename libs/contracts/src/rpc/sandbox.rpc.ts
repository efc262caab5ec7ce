import { z } from 'zod';
import { defineRpc } from '../define';
import { RPC } from '../subjects';
import { idSchema } from '../events/common/common.schema';

export const sandboxExecRpc = defineRpc({
  subject: RPC.sandboxExec,
  description: 'Run a command in an isolated container with limits; returns its output.',
  request: z.object({
    orgId: idSchema,
    image: z.string().min(1).max(256),
    command: z.array(z.string().max(4096)).min(1).max(256),
    stdin: z.string().max(1_000_000).optional(),
    timeoutMs: z.number().int().positive().max(600_000),
    memoryMb: z.number().int().positive().max(16_384).optional(),
    network: z.enum(['none', 'egress-allowlist']).default('none'),
  }),
  response: z.object({
    executionId: idSchema,
    exitCode: z.number().int(),
    stdout: z.string(),
    stderr: z.string(),
    durationMs: z.number().nonnegative(),
    timedOut: z.boolean(),
  }),
  timeoutMs: 600_000,
});
