export { LeasedCredentialSource, type LeasedCredentialSourceOptions, type LeaseRpc } from './leased-credential-source';
export { CredentialLeaseEvents } from './credential-lease-events';
export { CredentialLeasesModule, leasesEnabled } from './credential-leases.module';
