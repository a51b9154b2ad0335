// npm run workflows:migrate -- [--from 1.0.0] [--to 2.0.0] [--apply] [--json]
// Moves running cases to another machine version with the explicit per-state map of
// workflows/migrations.ts. A dry run by default: it lists per case what would change and writes
// nothing. With --apply each case is migrated in its own transaction (snapshot, one case event,
// one audit entry), so a failure leaves that case on its old version. Uses the same configuration
// as the service (DATABASE_URL, or the embedded database under DATA_DIR). Exit 0: done; 1: a case
// failed; 2: could not run.
import { NestFactory } from '@nestjs/core';
import { AppModule } from '../src/app.module';
import { MigrationService } from '../src/cases/migration.service';
import { loadConfig } from '../src/config/app-config';

async function main(): Promise<number> {
  const arg = (name: string) => process.argv.find((_, i) => process.argv[i - 1] === name);
  const from = arg('--from') ?? '1.0.0';
  const to = arg('--to') ?? '2.0.0';
  const apply = process.argv.includes('--apply');
  // The jobs do not run from here: only the migration touches the database.
  const config = { ...loadConfig(process.env), seedDemo: false, jobPollSeconds: 3600 };
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(config), { logger: ['error'] });
  try {
    const report = await app.get(MigrationService).migrate({ from, to, apply, actor: 'system:workflows-migrate' });
    if (process.argv.includes('--json')) {
      process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    } else {
      process.stdout.write(`${apply ? 'Migratie' : 'Proefrun (er wordt niets opgeslagen; gebruik --apply om echt te migreren)'}: basisscan ${report.from} → ${report.to}\n`);
      for (const c of report.cases) {
        process.stdout.write(`  ${c.reference}  ${c.fromPhase} → ${c.toPhase}  ${c.status}${c.problem ? `: ${c.problem}` : ''}\n`);
      }
      const failed = report.cases.filter((c) => c.status === 'mislukt').length;
      process.stdout.write(`${report.cases.length} dossiers, ${failed} mislukt.\n`);
      if (report.cases.length) process.stdout.write(`Gevolgen: ${report.consequences.join('; ')}.\n`);
    }
    return report.cases.some((c) => c.status === 'mislukt') ? 1 : 0;
  } finally {
    await app.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    process.stderr.write(`workflows:migrate kon niet worden uitgevoerd: ${error.message}\n`);
    process.exit(2);
  },
);
