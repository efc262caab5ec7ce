import { custom, SecretRule } from '../secret-rule';
import { all, jwtValid, mixedCharacters, notPlaceholder } from '../validators';

// Structured secrets (PEM blocks per RFC 7468 / OpenSSH / OpenPGP armor, JWTs per RFC 7519,
// credentials in connection URLs per RFC 3986 userinfo) and generic assignments.

const PEM_LABELS: Array<[string, string, string]> = [
  ['private-key-rsa', 'RSA PRIVATE KEY', 'RSA private key (PKCS#1)'],
  ['private-key-ec', 'EC PRIVATE KEY', 'EC private key (SEC1)'],
  ['private-key-dsa', 'DSA PRIVATE KEY', 'DSA private key'],
  ['private-key-openssh', 'OPENSSH PRIVATE KEY', 'OpenSSH private key'],
  ['private-key-pkcs8', 'PRIVATE KEY', 'PKCS#8 private key'],
  ['private-key-pkcs8-encrypted', 'ENCRYPTED PRIVATE KEY', 'encrypted PKCS#8 private key'],
  ['private-key-pgp', 'PGP PRIVATE KEY BLOCK', 'PGP private key block'],
  ['private-key-ssh2', 'SSH2 ENCRYPTED PRIVATE KEY', 'SSH.com private key'],
];

// Body is base64 (possibly with headers such as Proc-Type, or JSON-escaped "\n").
const PEM_RULES = PEM_LABELS.map(([id, label, description]) =>
  custom(
    { id, description, provider: 'PEM', keywords: [`-----begin ${label.toLowerCase()}-----`], priority: 30, maxLength: 16384 },
    new RegExp(`-----BEGIN ${label}-----[A-Za-z0-9+/=\\s:,\\\\\\-]{32,16000}?-----END ${label}-----`, 'g'),
  ),
);

// Credentials embedded in connection strings: scheme://user:password@host. The finding is
// the password; usernames and hosts are not secret.
const URL_SCHEMES: Array<[string, string, string, string[]]> = [
  ['postgres-url-password', 'postgres(?:ql)?', 'PostgreSQL', ['postgres']],
  ['mysql-url-password', 'mysql|mariadb', 'MySQL / MariaDB', ['mysql', 'mariadb']],
  ['mongodb-url-password', 'mongodb(?:\\+srv)?', 'MongoDB', ['mongodb']],
  ['redis-url-password', 'rediss?', 'Redis', ['redis']],
  ['amqp-url-password', 'amqps?', 'AMQP (RabbitMQ)', ['amqp']],
  ['mssql-url-password', 'mssql|sqlserver', 'SQL Server', ['mssql', 'sqlserver']],
  ['clickhouse-url-password', 'clickhouse', 'ClickHouse', ['clickhouse']],
  ['nats-url-password', 'nats|tls', 'NATS', ['nats://', 'tls://']],
  ['ftp-url-password', 'ftps?|sftp', 'FTP / SFTP', ['ftp']],
  ['ldap-url-password', 'ldaps?', 'LDAP', ['ldap']],
  ['smtp-url-password', 'smtps?', 'SMTP', ['smtp']],
  ['neo4j-url-password', 'neo4j(?:\\+s)?|bolt', 'Neo4j', ['neo4j', 'bolt://']],
  ['cockroachdb-url-password', 'cockroachdb', 'CockroachDB', ['cockroachdb']],
];

const URL_RULES = URL_SCHEMES.map(([id, scheme, name, keywords]) =>
  custom(
    { id, description: `${name} connection URL with an embedded password`, provider: name, keywords, validate: notPlaceholder, priority: 12 },
    new RegExp(`(?<![A-Za-z0-9+.-])(?:${scheme})://[^\\s:@/'"<>]{1,128}:([^\\s@/'"<>]{1,256})@[A-Za-z0-9.\\-_\\[\\]:,%]{1,256}`, 'gi'),
    1,
  ),
);

const SECRET_NAMES =
  'password|passwd|passphrase|pwd|secret|api[_-]?key|apikey|access[_-]?key|auth[_-]?key|access[_-]?token|auth[_-]?token|' +
  'refresh[_-]?token|client[_-]?secret|private[_-]?key|signing[_-]?key|encryption[_-]?key|credentials?|bearer|token';

export const GENERIC_RULES: SecretRule[] = [
  ...PEM_RULES,
  custom({ id: 'putty-private-key', description: 'PuTTY private key file', provider: 'PuTTY', keywords: ['putty-user-key-file-'], priority: 30, maxLength: 8192 },
    /PuTTY-User-Key-File-[23]: [^\n]{1,64}\n[\s\S]{20,6000}?Private-Lines: \d{1,3}\n[A-Za-z0-9+/=\n]{40,6000}/g),
  custom({ id: 'jwt', description: 'JSON Web Token (header with alg, JSON payload)', provider: 'JWT', keywords: ['eyj'], validate: jwtValid, priority: 8, maxLength: 8192 },
    /(?<![A-Za-z0-9_\-])eyJ[A-Za-z0-9_\-]{10,2048}\.eyJ[A-Za-z0-9_\-]{2,6000}\.[A-Za-z0-9_\-]{0,1024}(?![A-Za-z0-9_\-])/g),
  ...URL_RULES,
  custom({ id: 'http-url-password', description: 'HTTP(S) URL with embedded basic-auth password', provider: 'HTTP', keywords: ['http://', 'https://'],
    validate: all(notPlaceholder, (s) => s.length >= 6), priority: 6 },
  /https?:\/\/[A-Za-z0-9._~%!$&'()*+,;=\-]{1,128}:([^\s@/'"<>]{1,256})@[A-Za-z0-9.\-]{1,253}/g, 1),
  custom({ id: 'jdbc-password', description: 'JDBC / ODBC connection string password', provider: 'JDBC', keywords: ['jdbc:', 'password=', 'pwd='], validate: notPlaceholder, priority: 7 },
    /(?:jdbc:[a-z0-9]{2,20}:[^\s"']{0,256}?[?;&]|Server=[^"'\n]{1,256}?;|Data Source=[^"'\n]{1,256}?;)[^"'\n]{0,256}?(?:password|pwd)=([^;&\s"']{1,128})/gi, 1),
  custom({ id: 'authorization-basic', description: 'HTTP Basic authorization credentials', provider: 'HTTP', keywords: ['basic '], priority: 7,
    validate: (s) => { const d = Buffer.from(s, 'base64').toString('utf8'); return /^[\x20-\x7e]{1,128}:[\x20-\x7e]{1,256}$/.test(d); } },
  /Authorization["']?\s{0,3}[:=]\s{0,3}["']?Basic\s{1,3}([A-Za-z0-9+/]{8,1024}={0,2})/gi, 1),
  custom({ id: 'authorization-bearer', description: 'HTTP Bearer token', provider: 'HTTP', keywords: ['bearer '], minEntropy: 3.5, validate: all(notPlaceholder, mixedCharacters), priority: 3 },
    /Authorization["']?\s{0,3}[:=]\s{0,3}["']?Bearer\s{1,3}([A-Za-z0-9_\-.~+/]{20,2048}={0,2})/gi, 1),
  // `password = "…"`, `api_key: …`, `"client_secret": "…"`, `export TOKEN=…`
  custom({ id: 'generic-password-assignment', description: 'Password assigned in code or config', provider: 'generic',
    keywords: ['password', 'passwd', 'passphrase', 'pwd'], minEntropy: 2.5, validate: all(notPlaceholder, (s) => s.length >= 6), priority: 2 },
  /(?:password|passwd|passphrase|pwd)(?:[A-Za-z0-9_.\-]{0,24})["'`]?\s{0,3}(?:=|:=|:|=>)\s{0,3}(["'`]?)([^\s"'`,;)}{\]]{6,128})\1(?![^\s"'`,;)}{\]])/gi, 2),
  custom({ id: 'generic-secret-assignment', description: 'High-entropy secret, key or token assigned in code or config', provider: 'generic',
    keywords: ['secret', 'key', 'token', 'credential', 'bearer'], minEntropy: 3.5, validate: all(notPlaceholder, mixedCharacters), priority: 1 },
  new RegExp(`(?:${SECRET_NAMES})(?:[A-Za-z0-9_.\\-]{0,24})["'\`]?\\s{0,3}(?:=|:=|:|=>)\\s{0,3}(["'\`]?)([A-Za-z0-9_\\-+/=.~]{16,256})\\1(?![A-Za-z0-9_\\-+/=.~])`, 'gi'), 2),
];
