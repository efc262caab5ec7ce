import { AwsIamRotationAdapter } from './aws-iam.adapter';
import { AzureOpenAIRotationAdapter } from './azure-openai.adapter';
import { GcpServiceAccountRotationAdapter } from './gcp-service-account.adapter';
import { ManualRotationAdapter } from './manual.adapter';
import { OpenAIRotationAdapter } from './openai.adapter';
import type { RotationAdapter } from './rotation-adapter';

export type { RotationAdapter, RotationContext, CreatedKey } from './rotation-adapter';

/** Automatic adapters by provider id; everything else rotates by pasting (ManualRotationAdapter). */
export function createAdapters(extra: RotationAdapter[] = []): { automatic: Map<string, RotationAdapter>; manual: RotationAdapter } {
  const automatic = new Map<string, RotationAdapter>();
  for (const a of [new OpenAIRotationAdapter(), new AzureOpenAIRotationAdapter(), new GcpServiceAccountRotationAdapter(), new AwsIamRotationAdapter(), ...extra]) for (const p of a.providers) automatic.set(p, a);
  return { automatic, manual: new ManualRotationAdapter() };
}
