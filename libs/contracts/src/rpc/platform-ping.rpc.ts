import { z } from 'zod';
import { defineRpc } from '../define';
import { RPC } from '../subjects';

export const platformPingRpc = defineRpc({
  subject: RPC.platformPing,
  description: 'Liveness probe over the bus: every service answers with its name and version.',
  request: z.object({ from: z.string().min(1).max(64) }),
  response: z.object({ service: z.string(), version: z.string(), time: z.iso.datetime({ offset: true }) }),
  timeoutMs: 1000,
});
