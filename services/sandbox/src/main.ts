import { runService } from '@ironcage/kit';
import { sandboxService } from './service';

void runService(sandboxService);
