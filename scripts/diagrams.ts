// Writes a Mermaid state diagram of every registered machine into docs/workflows/<id>-<version>.md.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { MACHINES } from '../workflows';
import { diagramDocument } from './diagram-document';

const outDir = path.join(__dirname, '..', 'docs', 'workflows');
fs.mkdirSync(outDir, { recursive: true });
for (const entry of MACHINES) {
  const file = path.join(outDir, `${entry.id}-${entry.version}.md`);
  fs.writeFileSync(file, diagramDocument(entry));
  console.log(`wrote ${path.relative(process.cwd(), file)} (${entry.id} v${entry.version})`);
}
