import fc from 'fast-check';
import { rolesGrant } from '../../src/access/permissions';
import { API_BASE } from '../../src/common/api-version';
import { RouteInfo } from '../support/routes';
import { CATALOG, Ctx, goodTargets, RouteSpec } from './catalog';
import { BodyBytes, HOSTILE_BODIES, HOSTILE_IDS, HOSTILE_QUERIES, Json, nearValid, OpenApi, pdfBodies, bentPdf, toJson } from './generators';
import { ForgedTokens, HEADER_MUTATIONS, Headers } from './headers';
import { send } from './http';
import { responseProblems } from './oracle';
import { changedTables, Digest, digester, trailMark, trailProblems } from './state';
import { CASES, CaseName, PRINCIPALS, PrincipalName, settleOutbox, World } from './world';

/** One fuzz case, as drawn: who calls, at what, with which kind of input. Materialised at send time. */
export interface Plan {
  principal: PrincipalName;
  target: 'good' | 'random' | 'hostile';
  pick: number;
  hostileId: number;
  variant: 'valid' | 'near' | 'hostile';
  hostileBody: number;
  header: number | null;
  query: number | null;
  seed: number;
  /** A sweep case: the known-good query, if the route has one, instead of a generated one. */
  example?: boolean;
  /** Another method on the route's path (HEAD, OPTIONS, one the path does not serve). */
  method?: string;
}

export interface Failure {
  case: string;
  request: string;
  status: number | string;
  problems: string[];
  answer: string;
}

const sample = <T>(arbitrary: fc.Arbitrary<T>, seed: number): T => fc.sample(arbitrary, { seed, numRuns: 1 })[0];

/** A stable number per route, so each route has its own stream of cases under one seed. */
export const routeSeed = (seed: number, key: string) => [...key].reduce((h, c) => (Math.imul(h, 31) + c.charCodeAt(0)) | 0, seed) >>> 0;

const firstKey = (spec: RouteSpec) => Object.keys(spec.params ?? {})[0];

/** The principals whose roles grant the route's permission (everyone on a public route). */
export function permittedPrincipals(route: RouteInfo): PrincipalName[] {
  if (route.isPublic) return [...PRINCIPALS];
  return PRINCIPALS.filter((p) => p !== 'anoniem' && rolesGrant([p], route.permission!));
}

/** Random cases: mostly callers with the permission and real targets, so input gets past the access checks. */
export function planArbitrary(spec: RouteSpec, route: RouteInfo): fc.Arbitrary<Plan> {
  const permitted = permittedPrincipals(route);
  const withBody = Boolean(spec.body || spec.pdf);
  return fc.record({
    principal: fc.oneof({ weight: 7, arbitrary: fc.constantFrom(...permitted) }, { weight: 3, arbitrary: fc.constantFrom(...PRINCIPALS) }),
    target: fc.constantFrom<Plan['target']>('good', 'good', 'good', 'good', 'good', 'good', 'random', 'hostile'),
    pick: fc.nat(10_000),
    hostileId: fc.nat(HOSTILE_IDS.length - 1),
    variant: withBody
      ? fc.constantFrom<Plan['variant']>('valid', 'valid', 'valid', 'near', 'near', 'near', 'near', 'hostile', 'hostile')
      : fc.constantFrom<Plan['variant']>('valid', 'valid', 'valid', 'valid', 'valid', 'near', 'hostile'),
    hostileBody: fc.nat(1000),
    header: fc.oneof({ weight: 3, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.nat(HEADER_MUTATIONS.length - 1) }),
    query: fc.oneof({ weight: spec.query ? 3 : 12, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.nat(HOSTILE_QUERIES.length - 1) }),
    seed: fc.nat(2 ** 31 - 1),
  });
}

/**
 * The cases every run makes whatever the seed: each hostile body, hostile id and hostile query
 * once per route that takes one, each header change on the routes named.
 */
export function sweepPlans(key: string, spec: RouteSpec, route: RouteInfo, world: World, withHeaders: boolean): { plan: Plan; label: string }[] {
  const permitted = permittedPrincipals(route);
  const base = (i: number): Plan => ({ principal: permitted[i % permitted.length], target: 'good', pick: i, hostileId: 0, variant: 'valid', hostileBody: 0, header: null, query: null, seed: i });
  const out: { plan: Plan; label: string }[] = [];
  const bodies = spec.pdf ? pdfBodies(world.report.pdf).length : spec.body ? HOSTILE_BODIES.length : 0;
  for (let i = 0; i < bodies; i++) out.push({ plan: { ...base(i), variant: 'hostile', hostileBody: i }, label: 'sweep' });
  if (spec.params) for (let i = 0; i < HOSTILE_IDS.length; i++) out.push({ plan: { ...base(i), target: 'hostile', hostileId: i }, label: 'sweep' });
  if (spec.query) for (let i = 0; i < HOSTILE_QUERIES.length; i++) out.push({ plan: { ...base(i), query: i, example: true }, label: 'sweep' });
  if (withHeaders) for (let i = 0; i < HEADER_MUTATIONS.length; i++) out.push({ plan: { ...base(i), header: i }, label: 'sweep' });
  const method = key.split(' ')[0];
  const others = ['OPTIONS', ...(method === 'GET' ? ['HEAD'] : []), OTHER_METHOD[method]];
  others.forEach((m, i) => out.push({ plan: { ...base(i), method: m }, label: 'sweep' }));
  return out;
}

/** A method each route's path is (mostly) not served with. */
const OTHER_METHOD: Record<string, string> = { GET: 'DELETE', POST: 'PUT', PUT: 'POST', PATCH: 'PUT', DELETE: 'PATCH' };
const SAFE_METHODS = ['GET', 'HEAD', 'OPTIONS'];

interface Built {
  method: string;
  path: string;
  headers: Headers;
  body?: Buffer;
  label: string;
}

/** Sends fuzz cases and judges every answer and the state after it. */
export class Fuzzer {
  total = 0;
  readonly perRoute = new Map<string, number>();
  /** Per route, how often each status came back: shows whether input got past the access checks. */
  readonly statuses = new Map<string, Map<number, number>>();
  private readonly accepted = new Map<string, number>();
  private digest!: Digest;
  private digestNow!: () => Promise<Digest>;

  constructor(
    readonly world: World,
    private readonly doc: OpenApi,
    private readonly forged: ForgedTokens,
  ) {}

  async init(): Promise<string[]> {
    const d = await digester(this.world.t.dataSource);
    this.digestNow = d.digest;
    this.digest = await d.digest();
    return d.tables;
  }

  /** Runs one case; returns what went wrong, or null. */
  async run(key: string, plan: Plan, label: string): Promise<Failure | null> {
    const spec = CATALOG[key];
    let built: Built;
    try {
      built = await this.build(key, spec, plan, label);
    } catch (error) {
      return { case: label, request: key, status: 'not built', problems: [`the fuzzer could not build this case: ${(error as Error).stack}`], answer: '' };
    }
    const before = this.digest;
    const mark = await trailMark(this.world.t.dataSource);
    let res;
    try {
      res = await send(this.world.port, { method: built.method, path: built.path, headers: built.headers, body: built.body });
    } catch (error) {
      return { case: built.label, request: describe(built), status: 'no answer', problems: [`no answer: ${(error as Error).message}`], answer: '' };
    }
    this.total++;
    this.perRoute.set(key, (this.perRoute.get(key) ?? 0) + 1);
    const counts = this.statuses.get(key) ?? new Map<number, number>();
    counts.set(res.status, (counts.get(res.status) ?? 0) + 1);
    this.statuses.set(key, counts);
    const problems = responseProblems(res, built.method);
    if (spec.validNeverRefusedWith && plan.variant === 'valid' && plan.header === null && plan.query === null && !plan.method && res.status >= 400) {
      const code = /"code":"(\w+)"/.exec(res.text)?.[1];
      if (code && spec.validNeverRefusedWith.includes(code)) problems.push(`a valid body was refused as ${code}`);
    }
    const served = res.status >= 200 && res.status < 400;
    if (served && !SAFE_METHODS.includes(built.method)) {
      // Accepted: it may change state. The mail it queued goes out now, not during a later case.
      this.accepted.set(key, (this.accepted.get(key) ?? 0) + 1);
      await settleOutbox(this.world.t);
      this.digest = await this.digestNow();
    } else {
      const after = await this.digestNow();
      const changed = changedTables(before, after);
      if (!served) problems.push(...(await trailProblems(this.world.t.dataSource, mark)));
      if (changed.length) {
        problems.push(`${served ? `a ${built.method}` : 'a rejected request'} changed ${changed.join(', ')}`);
        this.digest = after;
      }
    }
    if (!problems.length) return null;
    return { case: built.label, request: describe(built), status: res.status, problems, answer: res.text.slice(0, 300) };
  }

  private async build(key: string, spec: RouteSpec, plan: Plan, label: string): Promise<Built> {
    const { world } = this;
    const [routeMethod, template] = key.split(' ');
    const method = plan.method ?? routeMethod;
    const ids: Ctx['ids'] = {};
    const segments: Record<string, string> = {};
    let caseName: CaseName | undefined;
    const notes: string[] = [];
    for (const [name, kind] of Object.entries(spec.params ?? {})) {
      let real: string | undefined;
      if (kind === 'case') {
        const preferred = spec.cases && plan.pick % 3 !== 0 ? spec.cases : CASES;
        caseName = preferred[plan.pick % preferred.length];
        // Expensive work (a signed PDF) only a few times; then a case where it is refused.
        if (spec.maxAccepted !== undefined && (this.accepted.get(key) ?? 0) >= spec.maxAccepted && caseName === 'advies') caseName = 'onderzoek';
        real = world.cases[caseName];
      } else if (kind === 'risk') {
        const rows: { id: string }[] = await world.t.dataSource.query('(SELECT id FROM risks WHERE case_id = $1 ORDER BY created_at LIMIT 3) UNION ALL (SELECT id FROM risks LIMIT 1)', [ids.id ?? null]);
        real = rows.length ? rows[plan.pick % rows.length].id : sample(fc.uuid(), plan.seed);
      } else {
        const list = goodTargets(kind, { world, principal: plan.principal });
        real = list[plan.pick % list.length];
      }
      if (plan.target === 'random') {
        real = sample(fc.uuid(), plan.seed + name.length);
        caseName = undefined;
      }
      if (plan.target === 'hostile' && name === firstKey(spec)) {
        const hostile = HOSTILE_IDS[plan.hostileId % HOSTILE_IDS.length];
        segments[name] = hostile.make(real);
        notes.push(`${name}: ${hostile.name}`);
        if (kind === 'case') caseName = undefined;
      } else {
        segments[name] = kind === 'code' ? real : encodeURIComponent(real);
        ids[name] = real;
        notes.push(`${name}: ${plan.target === 'random' ? 'unknown id' : kind === 'case' ? `case ${caseName}` : `${kind} ${real.slice(0, 40)}`}`);
      }
    }
    const ctx: Ctx = { world, principal: plan.principal, ids, caseName };
    // A route that ends the caller's session (also when reached as another method on this path,
    // e.g. DELETE on GET /auth/session's path) is called with the principals' second sessions.
    const endsSession = Boolean(spec.endsSession || CATALOG[`${method} ${template}`]?.endsSession);
    const token = endsSession ? (plan.principal === 'anoniem' ? undefined : world.spareTokens[plan.principal]) : this.tokenFor(plan.principal, caseName);
    const headers: Headers = token ? { authorization: `Bearer ${token}` } : {};
    if (spec.webClient && plan.seed % 4 !== 0) headers['x-requested-with'] = 'basisscan';
    Object.assign(headers, spec.headers?.(ctx, plan.seed) ?? {});

    let query = plan.example && spec.exampleQuery ? spec.exampleQuery(ctx) : spec.query ? sample(spec.query(ctx), plan.seed) : '';
    if (plan.query !== null) {
      const hostile = HOSTILE_QUERIES[plan.query % HOSTILE_QUERIES.length];
      query = hostile.make(query);
      notes.push(`query: ${hostile.name}`);
    }

    let body: BodyBytes | undefined;
    let variant: string = plan.variant;
    if (spec.pdf) {
      const pdfs = pdfBodies(world.report.pdf);
      if (plan.variant === 'valid') body = pdfs[0].make();
      else if (plan.variant === 'near') body = { contentType: 'application/pdf', bytes: sample(bentPdf(world.report.pdf), plan.seed) };
      else {
        const hostile = pdfs[plan.hostileBody % pdfs.length];
        body = hostile.make();
        variant = `hostile: ${hostile.name}`;
      }
    } else if (spec.body) {
      const valid = sample(await spec.body(ctx), plan.seed);
      if (plan.variant === 'valid') body = { contentType: 'application/json', bytes: Buffer.from(toJson(valid)) };
      else if (plan.variant === 'near') {
        const schema = this.schemaOf(routeMethod, template);
        const near = sample(nearValid(valid, schema, this.doc), plan.seed + 1);
        body = { contentType: 'application/json', bytes: Buffer.from(toJson(near.body)) };
        variant = `near-valid: ${near.name}`;
      } else {
        const hostile = HOSTILE_BODIES[plan.hostileBody % HOSTILE_BODIES.length];
        body = hostile.make(valid);
        variant = `hostile: ${hostile.name}`;
      }
    } else if (plan.variant !== 'valid') {
      // A body where none is expected.
      const hostile = plan.variant === 'near' ? { name: 'unexpected JSON body', make: () => ({ contentType: 'application/json', bytes: Buffer.from(toJson({ onverwacht: 1 } as Json)) }) } : HOSTILE_BODIES[plan.hostileBody % HOSTILE_BODIES.length];
      body = hostile.make(undefined);
      variant = `${plan.variant}: ${hostile.name}`;
    }
    if (body?.contentType) headers['content-type'] = body.contentType;
    Object.assign(headers, body?.headers ?? {});
    if (plan.header !== null) {
      const mutation = HEADER_MUTATIONS[plan.header % HEADER_MUTATIONS.length];
      const others = endsSession ? world.spareTokens : world.tokens;
      const other = plan.principal === 'beheerder' ? others.screener : others.beheerder;
      mutation.apply(headers, token, this.forged, other);
      notes.push(`headers: ${mutation.name}`);
    }
    // The versioned paths: the unversioned alias reaches the same handlers (test/e2e/api-contract.e2e-spec.ts).
    const path = API_BASE + template.replace(/:(\w+)/g, (_, name: string) => segments[name]) + (query ? `?${query}` : '');
    if (plan.method) notes.push(`method ${plan.method}`);
    return { method, path, headers, body: body?.bytes, label: `${label}; ${variant}; as ${plan.principal}${notes.length ? `; ${notes.join('; ')}` : ''}; seed ${plan.seed}` };
  }

  private tokenFor(principal: PrincipalName, caseName: CaseName | undefined): string | undefined {
    if (principal === 'anoniem') return undefined;
    if (principal === 'kandidaat') return (caseName && this.world.candidateOf[caseName]) || this.world.tokens.kandidaat;
    return this.world.tokens[principal];
  }

  private schemaOf(method: string, template: string) {
    const openApiPath = template.replace(/:(\w+)/g, '{$1}');
    return this.doc.paths[openApiPath]?.[method.toLowerCase()]?.requestBody?.content['application/json']?.schema;
  }
}

function describe(built: Built): string {
  const headers = Object.entries(built.headers)
    .map(([k, v]) => `${k}: ${String(v).slice(0, 60)}`)
    .join(' | ');
  const body = built.body ? ` body(${built.body.length} B): ${built.body.subarray(0, 200).toString('utf8')}` : '';
  return `${built.method} ${built.path.slice(0, 200)} [${headers}]${body}`;
}
