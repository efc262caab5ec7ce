import { z } from 'zod';
import { defineEvent, type EventData } from '../../define';
import { EVENTS } from '../../subjects';
import { STREAMS } from '../../streams';
import { idSchema } from '../common/common.schema';

export const agentLifecycleEvent = defineEvent({
  subject: EVENTS.agentLifecycle,
  version: 1,
  stream: STREAMS.agents.name,
  description: 'An agent deployment changed state.',
  schema: z.object({
    agentId: idSchema,
    version: z.string().min(1).max(64),
    deploymentId: idSchema.optional(),
    state: z.enum(['created', 'deploying', 'running', 'paused', 'rolled_back', 'promoted', 'stopped', 'failed']),
    reason: z.string().max(1024).optional(),
  }),
});
export type AgentLifecycle = EventData<typeof agentLifecycleEvent>;
