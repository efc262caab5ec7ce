import { proxyActivities } from '@temporalio/workflow';
import type { RotationActivities } from '../rotation/rotation.activities';
import type { RotationRemindersInput } from './rotation.contract';

const { remindDue } = proxyActivities<RotationActivities>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute', maximumAttempts: 10 },
});

/** Daily: remind owners of manual credentials that are due, start rotations of automatic ones. */
export async function rotationRemindersWorkflow(input: RotationRemindersInput = {}): Promise<{ reminded: number; rotationsStarted: number }> {
  let reminded = 0;
  let rotationsStarted = 0;
  for (let i = 0; i < 100; i++) {
    const r = await remindDue({ batchSize: input.batchSize ?? 200 });
    reminded += r.reminded;
    rotationsStarted += r.rotationsStarted;
    if (r.checked < (input.batchSize ?? 200)) break;
  }
  return { reminded, rotationsStarted };
}
