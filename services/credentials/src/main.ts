import { runService } from '@ironcage/kit';
import { credentialsService } from './service';

// `main.js openapi` writes the document to stdout and exits at once; into a pipe (tools/openapi)
// an asynchronous write is cut at 64 KiB, and this service's document is larger. Until the kit
// flushes before exiting, make stdout blocking here.
(process.stdout as unknown as { _handle?: { setBlocking?: (b: boolean) => void } })._handle?.setBlocking?.(true);

void runService(credentialsService);
