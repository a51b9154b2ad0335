import { MIGRATIONS } from '../../src/database/migrations';
import { Database } from '../../src/database/database.module';
import { bearer, DEMO, startTestApp, TestApp } from '../support/test-app';

/** The embedded engine specifically, whatever database the rest of the suite runs on. */
describe('embedded database (PGlite under DATA_DIR)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ DATABASE_URL: '' });
  });
  afterAll(() => t.destroy());

  it('keeps data and the signing key across a restart', async () => {
    const beheerder = await t.login(DEMO.beheerder);
    const { body: created } = await t.http().post('/users').set(bearer(beheerder)).send({ email: 'blijvend@voorbeeldstad.nl', name: 'Blijvend', roles: ['auditor'] }).expect(201);
    await t.close();

    t = await startTestApp({}, t);
    const me = await t.http().get('/me').set(bearer(beheerder)).expect(200); // token from before the restart
    expect(me.body.email).toBe(DEMO.beheerder);
    const fetched = await t.http().get(`/users/${created.id}`).set(bearer(beheerder)).expect(200);
    expect(fetched.body).toMatchObject({ email: 'blijvend@voorbeeldstad.nl', roles: ['auditor'] });
    const [{ count }] = await t.dataSource.query(`SELECT count(*)::int AS count FROM users WHERE email = $1`, [DEMO.beheerder]);
    expect(count).toBe(1); // the seed does not duplicate on restart
  });

  it('runs migrations once and records them', async () => {
    const migrations = await t.dataSource.query('SELECT name FROM migrations ORDER BY id');
    expect(migrations.map((m: { name: string }) => m.name)).toEqual(MIGRATIONS.map((migration) => new migration().name));
  });

  it('keeps each connection’s parameterised statements together under concurrency', async () => {
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        i % 4 === 0
          ? t.dataSource.transaction(async (tx) => (await tx.query('SELECT $1::int AS n, $2::text AS s', [i, `s${i}`]))[0])
          : t.dataSource.query('SELECT $1::int AS n, $2::text AS s', [i, `s${i}`]).then((rows) => rows[0]),
      ),
    );
    expect(results).toEqual(Array.from({ length: 200 }, (_, i) => ({ n: i, s: `s${i}` })));
  });

  it('rolls back the transaction of a connection that drops in the middle of it', async () => {
    const { Client } = await import('pg');
    const url = t.app.get(Database).connectionUrl;
    const client = new Client({ connectionString: url });
    await client.connect();
    await client.query('BEGIN');
    await client.query(`UPDATE users SET name = 'half geschreven' WHERE email = $1`, [DEMO.auditor]);
    (client as unknown as { connection: { stream: { destroy(): void } } }).connection.stream.destroy();
    await client.end().catch(() => undefined);
    // Other connections go on, and see nothing of the dropped transaction.
    const [{ name }] = await t.dataSource.query('SELECT name FROM users WHERE email = $1', [DEMO.auditor]);
    expect(name).not.toBe('half geschreven');
  });

  it('serialises concurrent transactions on one row without losing an update', async () => {
    const [{ id }] = await t.dataSource.query(`SELECT id FROM users WHERE email = $1`, [DEMO.auditor]);
    await t.dataSource.query(`UPDATE users SET name = '0' WHERE id = $1`, [id]);
    await Promise.all(
      Array.from({ length: 16 }, () =>
        t.dataSource.transaction(async (tx) => {
          const [row] = await tx.query('SELECT name FROM users WHERE id = $1 FOR UPDATE', [id]);
          await tx.query('UPDATE users SET name = $1 WHERE id = $2', [String(Number(row.name) + 1), id]);
        }),
      ),
    );
    const [{ name }] = await t.dataSource.query('SELECT name FROM users WHERE id = $1', [id]);
    expect(name).toBe('16');
  });
});
