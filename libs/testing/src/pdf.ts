import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/**
 * The text of a PDF, extracted by pdf-parse (Mozilla's pdf.js) in a plain Node process: pdf.js
 * loads its worker with a dynamic import, which Jest's module sandbox does not allow.
 */
// the package exports no path to its CLI: find it from its main entry (dist/pdf-parse/cjs/index.cjs)
const cli = () => join(dirname(require.resolve('pdf-parse')), '..', '..', '..', 'bin', 'cli.mjs');

export function pdfText(pdf: Uint8Array): string {
  const dir = mkdtempSync(join(tmpdir(), 'ironcage-pdf-'));
  try {
    const file = join(dir, 'document.pdf');
    writeFileSync(file, pdf);
    return execFileSync(process.execPath, [cli(), 'text', file], { encoding: 'utf8', timeout: 60_000 });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
