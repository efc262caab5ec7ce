import { runService } from '@ironcage/kit';
import { budgetService } from './service';

void runService(budgetService);
