import { CreateAuditEntries1764100000000 } from './1764100000000-create-audit-entries';
import { AuditHashChain1764200000000 } from './1764200000000-audit-hash-chain';
import { AuditErasures1764300000000 } from './1764300000000-audit-erasures';
import { TraceSpans1764460000000 } from './1764460000000-trace-spans';
import { Alerts1764470000000 } from './1764470000000-alerts';
import { ErrorGroups1764490000000 } from './1764490000000-error-groups';
import { AlertDeliverySnapshot1764500000000 } from './1764500000000-alert-delivery-snapshot';

/** Every migration of the observability schema, in order. */
export const observabilityMigrations = [CreateAuditEntries1764100000000, AuditHashChain1764200000000, AuditErasures1764300000000, TraceSpans1764460000000, Alerts1764470000000, ErrorGroups1764490000000, AlertDeliverySnapshot1764500000000];
