// The baseline of `npm run bench`: a bare Nest application with one endpoint that runs one
// single-row UPDATE on the database the service uses. Plain JavaScript, started with `node` like
// the built service, so start-up and memory compare like with like.
require('reflect-metadata');
const { Controller, Module, Param, Post } = require('@nestjs/common');
const { NestFactory } = require('@nestjs/core');
const { Pool } = require('pg');

const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.DATABASE_POOL_SIZE ?? 10) });

class BaselineController {
  async bump(id) {
    await pool.query('UPDATE bench_rows SET n = n + 1 WHERE id = $1', [Number(id)]);
    return { ok: true };
  }
}
Controller('baseline')(BaselineController);
Param('id')(BaselineController.prototype, 'bump', 0);
const bump = Object.getOwnPropertyDescriptor(BaselineController.prototype, 'bump');
Post(':id')(BaselineController.prototype, 'bump', bump);

class HealthController {
  ok() {
    return { status: 'ok' };
  }
}
Controller('health')(HealthController);
const ok = Object.getOwnPropertyDescriptor(HealthController.prototype, 'ok');
require('@nestjs/common').Get()(HealthController.prototype, 'ok', ok);

class BaselineModule {}
Module({ controllers: [BaselineController, HealthController] })(BaselineModule);

async function main() {
  await pool.query('CREATE TABLE IF NOT EXISTS bench_rows (id int PRIMARY KEY, n int NOT NULL)');
  await pool.query('INSERT INTO bench_rows SELECT g, 0 FROM generate_series(0, 1023) g ON CONFLICT DO NOTHING');
  const app = await NestFactory.create(BaselineModule, { logger: false });
  await app.listen(Number(process.env.PORT), '127.0.0.1');
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
