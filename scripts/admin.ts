// npm run admin -- <command> [options]
// The operator's command line, on the service's own configuration (DATABASE_URL, or the embedded
// database under DATA_DIR while the service is stopped). Every change is audited as system:admin.
//
//   organisation create --code voorbeeldstad --name "Gemeente Voorbeeldstad" --kind gemeente
//   beheerder create --organisation voorbeeldstad --email beheer@voorbeeldstad.nl --name "…"
//       (password from ADMIN_PASSWORD, or a generated one shown once)
//   jobs run                 deadlines and retention that are due, now
//   audit verify             the whole audit chain
//   processing-log export --organisation voorbeeldstad   (JSON lines, for the organisation's FG)
//   workflows migrate [--from 1.0.0] [--to 2.0.0] [--apply] [--json]
//       (also `npm run workflows:migrate`): a dry run unless --apply
//
// Exit 0: done; 1: refused or a check failed (the message says why); 2: could not run.
import { NestFactory } from '@nestjs/core';
import { AppModule } from '../src/app.module';
import { AuditService } from '../src/audit/audit.service';
import { MigrationService } from '../src/cases/migration.service';
import { AppError } from '../src/common/app-error';
import { loadConfig } from '../src/config/app-config';
import { JobsService } from '../src/jobs/jobs.service';
import { AdministrationService, generatedPassword } from '../src/orgs/administration.service';
import { legalBasesOf } from '../src/privacy/legal-bases';
import { DataSource } from 'typeorm';

const ACTOR = 'system:admin';
const USAGE = `Gebruik: npm run admin -- <opdracht>
  organisation create --code <code> --name <naam> --kind <gemeente|provincie|waterschap|openbaar_lichaam|screeningsbureau>
  beheerder create --organisation <code> --email <adres> --name <naam>   (wachtwoord uit ADMIN_PASSWORD, anders gemaakt en eenmalig getoond)
  jobs run
  audit verify
  processing-log export --organisation <code>
  workflows migrate [--from 1.0.0] [--to 2.0.0] [--apply] [--json]`;

const arg = (name: string) => process.argv.find((_, i) => process.argv[i - 1] === `--${name}`);
const say = (line: string) => process.stdout.write(`${line}\n`);

async function main(): Promise<number> {
  const [noun, verb] = process.argv.slice(2).filter((a) => !a.startsWith('--') && !process.argv[process.argv.indexOf(a) - 1]?.startsWith('--'));
  const command = `${noun ?? ''} ${verb ?? ''}`.trim();
  const known = ['organisation create', 'beheerder create', 'jobs run', 'audit verify', 'processing-log export', 'workflows migrate'];
  if (!known.includes(command)) {
    process.stderr.write(`${command ? `Onbekende opdracht: ${command}\n` : ''}${USAGE}\n`);
    return 2;
  }
  // The jobs run only when asked; demo data never comes in through here.
  const config = { ...loadConfig(process.env), seedDemo: false, jobPollSeconds: 86_400 };
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(config), { logger: ['error'] });
  try {
    switch (command) {
      case 'organisation create': {
        const made = await app.get(AdministrationService).createOrganisation({ code: arg('code'), name: arg('name'), kind: arg('kind') }, ACTOR);
        say(`Organisatie aangemaakt: ${made.name} (${made.kind}, code ${made.code}).`);
        return 0;
      }
      case 'beheerder create': {
        const password = process.env.ADMIN_PASSWORD || generatedPassword();
        const made = await app.get(AdministrationService).createBeheerder({ organisationCode: arg('organisation'), email: arg('email'), name: arg('name'), password }, ACTOR);
        say(`Beheerder aangemaakt: ${made.email}.`);
        if (!process.env.ADMIN_PASSWORD) say(`Eenmalig wachtwoord (geef het veilig door en laat het na het aanmelden wijzigen): ${password}`);
        return 0;
      }
      case 'jobs run': {
        const fired = await app.get(JobsService).runDue();
        say(`${fired} ${fired === 1 ? 'termijn' : 'termijnen'} en bewaartermijnen uitgevoerd.`);
        return 0;
      }
      case 'audit verify': {
        const result = await app.get(AuditService).verify();
        say(result.valid ? `De auditketen is intact: ${result.length} vermeldingen.` : `De auditketen is NIET intact: ${JSON.stringify(result)}`);
        return result.valid ? 0 : 1;
      }
      case 'processing-log export': {
        const [organisation] = await app.get(DataSource).query('SELECT id FROM organisations WHERE code = $1', [arg('organisation') ?? '']);
        if (!organisation) {
          process.stderr.write(`Er is geen organisatie met de code ${arg('organisation') ?? '(geen)'}.\n`);
          return 1;
        }
        const rows = await app.get(DataSource).query(
          `SELECT l.at, l.activity_id, l.activity_version, a.name, a.legal_basis, l.status, l.subject, l.operation, l.case_id
             FROM processing_log l JOIN processing_activities a ON a.id = l.activity_id AND a.version = l.activity_version
             JOIN cases c ON c.id = l.case_id JOIN organisations o ON o.id = c.organisation_id
            WHERE o.code = $1 ORDER BY l.id`,
          [arg('organisation') ?? ''],
        );
        // The legal basis as the organisation's FG set it (or the default to be confirmed), as in the API's export.
        const bases = new Map((await legalBasesOf(app.get(DataSource).manager, organisation.id)).map((b) => [b.activity as string, b]));
        for (const r of rows) {
          const basis = bases.get(r.activity_id);
          say(JSON.stringify({
            at: r.at,
            activity: { id: r.activity_id, version: r.activity_version, name: r.name, legalBasis: basis?.legalBasis ?? r.legal_basis, legalBasisSetBy: basis?.setBy ?? 'standaard' },
            status: r.status,
            subject: r.subject,
            operation: r.operation,
            caseId: r.case_id,
          }));
        }
        await app.get(AuditService).append(null, { actor: ACTOR, organisationId: organisation.id, action: 'read.processing_log.export', object: `organisation:${organisation.id}`, result: 'ok' });
        return 0;
      }
      case 'workflows migrate': {
        const report = await app.get(MigrationService).migrate({ from: arg('from') ?? '1.0.0', to: arg('to') ?? '2.0.0', apply: process.argv.includes('--apply'), actor: ACTOR });
        if (process.argv.includes('--json')) {
          say(JSON.stringify(report, null, 2));
          return report.cases.some((c) => c.status === 'mislukt') ? 1 : 0;
        }
        say(`${report.applied ? 'Migratie' : 'Proefrun (er wordt niets opgeslagen; gebruik --apply om echt te migreren)'}: basisscan ${report.from} → ${report.to}`);
        for (const c of report.cases) say(`  ${c.reference}  ${c.fromPhase} → ${c.toPhase}  ${c.status}${c.problem ? `: ${c.problem}` : ''}`);
        say(`${report.cases.length} dossiers, ${report.cases.filter((c) => c.status === 'mislukt').length} mislukt.`);
        return report.cases.some((c) => c.status === 'mislukt') ? 1 : 0;
      }
    }
    return 2;
  } catch (error) {
    if (error instanceof AppError) {
      process.stderr.write(`${error.message}\n`);
      return 1;
    }
    throw error;
  } finally {
    await app.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    process.stderr.write(`De opdracht kon niet worden uitgevoerd: ${error.message}\n`);
    process.exit(2);
  },
);
