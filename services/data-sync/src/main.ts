import { runService } from '@ironcage/kit';
import { dataSyncService } from './service';

void runService(dataSyncService);
