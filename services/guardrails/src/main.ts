import { runService } from '@ironcage/kit';
import { guardrailsService } from './service';

void runService(guardrailsService);
