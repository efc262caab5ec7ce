import { CreateCredentials1764800000000 } from './1764800000000-create-credentials';

/** Every migration of the credentials schema, in order. */
export const credentialsMigrations = [CreateCredentials1764800000000];
