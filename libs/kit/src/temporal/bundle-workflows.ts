import { writeFileSync } from 'node:fs';
import { bundleWorkflowCode } from '@temporalio/worker';

/**
 * Build step: bundle a service's workflow code once, so workers load a file instead of running
 * webpack at start-up (and path aliases never have to resolve inside the workflow sandbox).
 */
export async function bundleWorkflows(workflowsPath: string, outFile: string): Promise<void> {
  const { code } = await bundleWorkflowCode({ workflowsPath });
  writeFileSync(outFile, code);
}
