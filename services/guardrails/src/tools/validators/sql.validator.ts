import { Parser } from 'node-sql-parser';

export interface SqlCheckOptions {
  readOnly: boolean;
  dialect: 'postgresql' | 'mysql' | 'sqlite' | 'transactsql' | 'bigquery' | 'snowflake';
  allowStacked: boolean;
}

const DATABASE: Record<SqlCheckOptions['dialect'], string> = {
  postgresql: 'PostgresQL',
  mysql: 'MySQL',
  sqlite: 'Sqlite',
  transactsql: 'TransactSQL',
  bigquery: 'BigQuery',
  snowflake: 'Snowflake',
};

/** Functions that read files, run commands, reach other servers or stall the database. */
const DANGEROUS_FUNCTIONS = new Set([
  'pg_sleep',
  'pg_sleep_for',
  'pg_sleep_until',
  'sleep',
  'benchmark',
  'waitfor',
  'load_file',
  'pg_read_file',
  'pg_read_binary_file',
  'pg_ls_dir',
  'pg_stat_file',
  'lo_import',
  'lo_export',
  'dblink',
  'dblink_exec',
  'xp_cmdshell',
  'sys_exec',
  'sys_eval',
  'set_config',
  'pg_terminate_backend',
  'pg_cancel_backend',
  'utl_http.request',
]);

const parser = new Parser();

type Node = Record<string, unknown>;
const isNode = (v: unknown): v is Node => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Comments outside string literals: `--`, `/* … *\/` (and MySQL's executable `/*! … *\/`), `#` in MySQL. */
export function findComment(sql: string, dialect: SqlCheckOptions['dialect']): string | undefined {
  let quote: string | null = null;
  for (let i = 0; i < sql.length; i++) {
    const c = sql[i];
    if (quote) {
      if (c === quote) {
        if (sql[i + 1] === quote) i++;
        else quote = null;
      } else if (c === '\\' && dialect === 'mysql') i++;
      continue;
    }
    if (c === "'" || c === '"' || c === '`') quote = c;
    else if (c === '-' && sql[i + 1] === '-') return '--';
    else if (c === '/' && sql[i + 1] === '*') return sql[i + 2] === '!' ? '/*!' : '/*';
    else if (c === '#' && dialect === 'mysql') return '#';
  }
  return undefined;
}

const CONSTANT_TYPES = new Set(['number', 'single_quote_string', 'string', 'bool', 'boolean', 'null', 'natural_string', 'hex_string', 'full_hex_string', 'bit_string']);

const isTrue = (v: unknown): boolean => v !== null && v !== false && v !== 0 && v !== '0' && v !== '';

const truthy = (expr: unknown): boolean => {
  const v = constant(expr);
  return v !== undefined && isTrue(v);
};

/** The value of a constant expression, or undefined when it depends on data. */
function constant(expr: unknown): unknown {
  if (!isNode(expr)) return undefined;
  if (CONSTANT_TYPES.has(String(expr.type))) return expr.type === 'null' ? null : expr.value;
  if (expr.type === 'unary_expr' && String(expr.operator).toUpperCase() === 'NOT') {
    const v = constant(expr.expr);
    return v === undefined ? undefined : !isTrue(v);
  }
  if (expr.type === 'binary_expr' && isNode(expr.right) && expr.right.type === 'expr_list' && Array.isArray(expr.right.value)) {
    const l = constant(expr.left);
    const items = (expr.right.value as unknown[]).map(constant);
    if (l === undefined || items.some((v) => v === undefined)) return undefined;
    const op = String(expr.operator).toUpperCase();
    // loose on purpose: SQL compares '1' = 1 as equal
    if (op === 'IN' || op === 'NOT IN') return items.some((v) => v == l) === (op === 'IN');
    if (op === 'BETWEEN' || op === 'NOT BETWEEN') {
      const inside = (l as number) >= (items[0] as number) && (l as number) <= (items[1] as number);
      return inside === (op === 'BETWEEN');
    }
    return undefined;
  }
  if (expr.type === 'binary_expr') {
    const l = constant(expr.left);
    const r = constant(expr.right);
    if (l === undefined || r === undefined) return undefined;
    switch (String(expr.operator).toUpperCase()) {
      case '=':
      case 'IS':
        // loose on purpose: SQL compares '1' = 1 as equal
        return l == r;
      case '!=':
      case '<>':
      case 'IS NOT':
        return l != r;
      case '>':
        return (l as number) > (r as number);
      case '<':
        return (l as number) < (r as number);
      case '>=':
        return (l as number) >= (r as number);
      case '<=':
        return (l as number) <= (r as number);
      case 'OR':
        return Boolean(l) || Boolean(r);
      case 'AND':
        return Boolean(l) && Boolean(r);
      case 'LIKE':
        return typeof l === 'string' && typeof r === 'string' && new RegExp(`^${r.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/%/g, '.*').replace(/_/g, '.')}$`, 's').test(l);
      default:
        return undefined;
    }
  }
  return undefined;
}



const sameColumn = (a: unknown, b: unknown): boolean =>
  isNode(a) && isNode(b) && a.type === 'column_ref' && b.type === 'column_ref' && JSON.stringify(a) === JSON.stringify(b);

/** `… OR 1=1`, `OR 'a'='a'`, `OR 1`, `WHERE x = x`: conditions that hold for every row. */
function tautology(expr: unknown): boolean {
  if (!isNode(expr) || expr.type !== 'binary_expr') return false;
  const op = String(expr.operator).toUpperCase();
  if (op === 'OR') return truthy(expr.left) || truthy(expr.right) || tautology(expr.left) || tautology(expr.right);
  if ((op === '=' || op === '>=' || op === '<=' || op === 'LIKE') && sameColumn(expr.left, expr.right)) return true;
  return truthy(expr);
}

function functionName(node: Node): string | undefined {
  const name = node.name;
  if (typeof name === 'string') return name.toLowerCase();
  if (isNode(name) && Array.isArray(name.name)) {
    return (name.name as Node[]).map((p) => String(p.value)).join('.').toLowerCase();
  }
  return undefined;
}

interface Found {
  tautology: boolean;
  functions: Set<string>;
  writes: Set<string>;
}

function walk(node: unknown, found: Found, depth = 0): void {
  if (depth > 200) return;
  if (Array.isArray(node)) {
    for (const n of node) walk(n, found, depth + 1);
    return;
  }
  if (!isNode(node)) return;
  if (node.type === 'binary_expr' && String(node.operator).toUpperCase() === 'OR' && tautology(node)) found.tautology = true;
  if ('where' in node && (tautology(node.where) || truthy(node.where))) found.tautology = true;
  if (node.type === 'function' || node.type === 'aggr_func') {
    const name = functionName(node);
    if (name && DANGEROUS_FUNCTIONS.has(name)) found.functions.add(name);
  }
  // statements nested in CTEs and sub-queries: `WITH x AS (DELETE … RETURNING *) SELECT …`
  if (typeof node.type === 'string' && ['insert', 'update', 'delete', 'replace', 'create', 'drop', 'alter', 'truncate', 'grant', 'revoke', 'rename', 'lock'].includes(node.type)) {
    found.writes.add(node.type.toUpperCase());
  }
  for (const [k, v] of Object.entries(node)) if (k !== 'loc') walk(v, found, depth + 1);
}

/** Problems with a SQL text an agent wants to run; empty when it is fine. */
export function checkSql(sql: string, options: SqlCheckOptions): string[] {
  const problems: string[] = [];
  const comment = findComment(sql, options.dialect);
  if (comment) problems.push(`contains a SQL comment (${comment}), a common way to cut off the rest of a query`);
  let ast: unknown;
  try {
    ast = parser.astify(sql, { database: DATABASE[options.dialect] });
  } catch {
    return [...problems, `is not a single valid ${options.dialect} statement`];
  }
  const statements = (Array.isArray(ast) ? ast : [ast]).filter((s) => isNode(s));
  if (statements.length === 0) return [...problems, 'holds no SQL statement'];
  if (statements.length > 1 && !options.allowStacked) problems.push(`stacks ${statements.length} statements; one is allowed`);
  const found: Found = { tautology: false, functions: new Set(), writes: new Set() };
  for (const s of statements) {
    const type = String(s.type);
    if (options.readOnly && type !== 'select' && type !== 'show' && type !== 'desc' && type !== 'explain') found.writes.add(type.toUpperCase());
    if (options.readOnly && type === 'select' && isNode(s.into) && (s.into.expr || s.into.position)) found.writes.add('SELECT INTO');
    walk(s, found);
  }
  if (options.readOnly && found.writes.size > 0) problems.push(`writes (${[...found.writes].join(', ')}) where only reads are allowed`);
  if (found.tautology) problems.push('has a condition that is always true (tautology such as OR 1=1)');
  if (found.functions.size > 0) problems.push(`calls ${[...found.functions].join(', ')}`);
  return problems;
}
