import { runService } from '@ironcage/kit';
import { observabilityService } from './service';

void runService(observabilityService);
