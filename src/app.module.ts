import { DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerGuard, ThrottlerModule } from '@nestjs/throttler';
import { LoggerModule } from 'nestjs-pino';
import { AccessModule } from './access/access.module';
import { AssessmentModule } from './assessment/assessment.module';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { CasesModule } from './cases/cases.module';
import { CryptoModule } from './crypto/data-encryption.service';
import { traceIdFor } from './common/trace';
import { AppConfig } from './config/app-config';
import { ConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { HealthModule } from './health/health.module';
import { OrgsModule } from './orgs/orgs.module';
import { ReportsModule } from './reports/reports.module';
import { UsersModule } from './users/users.module';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggerModule.forRoot({
          pinoHttp: {
            level: config.logLevel,
            genReqId: (req, res) => traceIdFor(req, res),
            customAttributeKeys: { reqId: 'traceId' },
            // Requests are logged by method, route path and status only: no query strings,
            // headers or bodies, which can carry tokens and personal data.
            serializers: {
              req: (req: { method: string; url: string }) => ({ method: req.method, path: req.url.split('?')[0] }),
              res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
            },
            autoLogging: { ignore: (req) => (req.url ?? '').startsWith('/health') },
          },
        }),
        // One budget per client address across all routes (the default key is per route and address).
        ThrottlerModule.forRoot({ throttlers: [{ name: 'default', ttl: 60_000, limit: config.rateLimitPerMinute }], generateKey: (_context, tracker, name) => `${name}:${tracker}` }),
        DatabaseModule,
        AccessModule,
        CryptoModule,
        AuditModule,
        AuthModule,
        OrgsModule,
        UsersModule,
        CasesModule,
        AssessmentModule,
        ReportsModule,
        HealthModule,
      ],
      providers: [{ provide: APP_GUARD, useClass: ThrottlerGuard }],
    };
  }
}
