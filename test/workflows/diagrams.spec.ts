import * as fs from 'node:fs';
import * as path from 'node:path';
import { diagramDocument } from '../../scripts/diagram-document';
import { MACHINES } from '../../workflows';

describe('workflow diagrams in docs/workflows', () => {
  it.each(MACHINES.map((m) => [`${m.id}-${m.version}`, m] as const))('%s is up to date (run `npm run diagrams` after changing a machine)', (name, entry) => {
    const committed = fs.readFileSync(path.join(__dirname, '..', '..', 'docs', 'workflows', `${name}.md`), 'utf8');
    expect(committed).toBe(diagramDocument(entry));
  });

  it('draws every state and every targeted transition of each machine', () => {
    const doc = diagramDocument(MACHINES[0]);
    for (const state of ['opdrachtVerleend', 'toestemmingGevraagd', 'hoorEnWederhoor', 'advies', 'vernietigd', 'voornemenTotWeigering', 'zienswijze', 'geweigerd']) {
      expect(doc).toContain(`"${state}"`);
    }
    expect(doc).toContain('GIVE_ADVICE [adviceAllowed]');
    expect(doc).toContain('VOG_ISSUED [caseOpen & vogIssueDateNotInFuture]');
    const v2 = diagramDocument(MACHINES[1]);
    expect(v2).toContain('RECORD_OUTCOME [outcomeDateValid & appointmentAllowed]');
    expect(v2).toContain('Gemeentewet art. 36a lid 2 (te bevestigen)');
  });
});
