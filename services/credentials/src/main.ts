import { runService } from '@ironcage/kit';
import { credentialsService } from './service';

void runService(credentialsService);
