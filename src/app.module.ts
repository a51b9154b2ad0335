import { DynamicModule, Module, RequestMethod } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerGuard, ThrottlerModule } from '@nestjs/throttler';
import { LoggerModule } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import type { Options as HttpLoggingOptions } from 'pino-http';
import { AccessModule } from './access/access.module';
import { AssessmentModule } from './assessment/assessment.module';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { CasesModule } from './cases/cases.module';
import { CryptoModule } from './crypto/data-encryption.service';
import { logStream } from './common/logging';
import { traceIdFor } from './common/trace';
import { AppConfig } from './config/app-config';
import { ConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { FormationsModule } from './formations/formations.module';
import { HealthModule } from './health/health.module';
import { OrgsModule } from './orgs/orgs.module';
import { PrivacyModule } from './privacy/privacy.module';
import { ReportsModule } from './reports/reports.module';
import { UsersModule } from './users/users.module';

/** Request logging (pino-http) and the stream all logs go to: readable on a terminal, JSON otherwise. */
function httpLogging(config: AppConfig): HttpLoggingOptions | [HttpLoggingOptions, DestinationStream] {
  const options: HttpLoggingOptions = {
    level: config.logLevel,
    genReqId: (req, res) => traceIdFor(req, res),
    customAttributeKeys: { reqId: 'traceId' },
    // Requests are logged by method, route path and status only: no query strings,
    // headers or bodies, which can carry tokens and personal data.
    serializers: {
      req: (req: { method: string; url: string }) => ({ method: req.method, path: req.url.split('?')[0] }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
    // Probes of /health (and its versioned twin) are not logged.
    autoLogging: { ignore: (req) => /^(\/api\/v1)?\/health(\/|$|\?)/.test(req.url ?? '') },
  };
  const stream = logStream(config);
  return stream ? [options, stream] : options;
}

@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        // Every request, the versioned API's and any other (a path-to-regexp v8 wildcard: no legacy `*`).
        LoggerModule.forRoot({ pinoHttp: httpLogging(config), forRoutes: [{ path: '{*path}', method: RequestMethod.ALL }] }),
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
        FormationsModule,
        PrivacyModule,
        HealthModule,
      ],
      providers: [{ provide: APP_GUARD, useClass: ThrottlerGuard }],
    };
  }
}
