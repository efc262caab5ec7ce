import { runService } from '@ironcage/kit';
import { gatewayService } from './service';

void runService(gatewayService);
