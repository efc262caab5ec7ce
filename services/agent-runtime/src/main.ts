import { runService } from '@ironcage/kit';
import { agentRuntimeService } from './service';

void runService(agentRuntimeService);
