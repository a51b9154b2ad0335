import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/**
 * Independent checkers from poppler-utils (pdfsig, pdftoppm, pdftotext). `.ci/run` installs them,
 * so under CI a missing tool fails the suite; on a developer machine without them the tests that
 * need them are skipped with a visible notice instead of failing the README's test command.
 */
export function hasTool(name: string): boolean {
  try {
    execFileSync(name, ['-v'], { stdio: 'ignore' });
    return true;
  } catch (error) {
    // poppler tools print their version and exit 0 or 99 depending on the build; ENOENT means absent.
    return (error as NodeJS.ErrnoException).code !== 'ENOENT';
  }
}

export function describeWithTools(tools: string[], title: string, body: () => void): void {
  const missing = tools.filter((tool) => !hasTool(tool));
  if (missing.length === 0) {
    describe(title, body);
    return;
  }
  if (process.env.CI) {
    describe(title, () => {
      it(`needs ${missing.join(', ')} (poppler-utils)`, () => {
        throw new Error(`${missing.join(', ')} not installed; .ci/run installs poppler-utils`);
      });
    });
    return;
  }
  console.warn(`Skipping "${title}": ${missing.join(', ')} not installed (apt-get install poppler-utils).`);
  describe.skip(title, body);
}

/** Runs a poppler tool on a PDF held in memory; returns its exit status and all it printed. */
export function runOnPdf(tool: string, pdf: Buffer, args: string[] = []): { status: number; output: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `${tool}-`));
  const file = path.join(dir, 'rapport.pdf');
  fs.writeFileSync(file, pdf);
  const outputArgs = tool === 'pdftotext' ? [file, '-'] : [file];
  const result = spawnSync(tool, [...args, ...outputArgs], { encoding: 'utf8' });
  fs.rmSync(dir, { recursive: true, force: true });
  return { status: result.status ?? -1, output: `${result.stdout ?? ''}${result.stderr ?? ''}` };
}

/** What an editor does when it saves a change to a signed PDF: appends an incremental update. */
export function appendIncrementalUpdate(pdf: Buffer): Buffer {
  const text = pdf.toString('latin1');
  const startxref = Number(/startxref\s+(\d+)\s+%%EOF\s*$/.exec(text)?.[1]);
  const size = Number(/\/Size\s+(\d+)/.exec(text.slice(text.lastIndexOf('trailer')))?.[1]);
  const root = /\/Root\s+(\d+\s+\d+\s+R)/.exec(text.slice(text.lastIndexOf('trailer')))?.[1];
  const offset = pdf.length;
  const object = `${size} 0 obj\n<< /Type /Annot /Subtype /Text /Rect [0 0 10 10] /Contents (gewijzigd) >>\nendobj\n`;
  const xrefAt = offset + Buffer.byteLength(object, 'latin1');
  const update = `${object}xref\n0 1\n0000000000 65535 f \n${size} 1\n${String(offset).padStart(10, '0')} 00000 n \ntrailer\n<< /Size ${size + 1} /Root ${root} /Prev ${startxref} >>\nstartxref\n${xrefAt}\n%%EOF\n`;
  return Buffer.concat([pdf, Buffer.from(update, 'latin1')]);
}
