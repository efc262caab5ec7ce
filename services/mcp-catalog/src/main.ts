import { runService } from '@ironcage/kit';
import { mcpCatalogService } from './service';

void runService(mcpCatalogService);
