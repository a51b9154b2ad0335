// Regenerates the route table and the event catalogue in docs/api.md after a route, an event or its documentation changed.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { withCatalogue } from './event-catalogue-document';
import { withRouteTable } from './route-table-document';

const file = path.join(__dirname, '..', 'docs', 'api.md');
fs.writeFileSync(file, withRouteTable(withCatalogue(fs.readFileSync(file, 'utf8'))));
console.log(`wrote the route table and the event catalogue into ${path.relative(process.cwd(), file)}`);
