import { Global, Inject, Injectable, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { EmbeddedPostgres, startEmbeddedPostgres } from './embedded-postgres';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';

/** Serialises migrations when several instances start at once. */
const MIGRATION_LOCK_KEY = 727_202_601;

@Injectable()
export class Database implements OnApplicationShutdown {
  private readonly logger = new Logger('Database');
  private embedded?: EmbeddedPostgres;
  private _dataSource?: DataSource;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  get dataSource(): DataSource {
    if (!this._dataSource) throw new Error('Database not connected');
    return this._dataSource;
  }

  /** Where the pool connects: the configured server, or the embedded engine's loopback address. */
  get connectionUrl(): string {
    const url = this.config.databaseUrl ?? this.embedded?.url;
    if (!url) throw new Error('Database not connected');
    return url;
  }

  get isEmbedded(): boolean {
    return this.embedded !== undefined;
  }

  async connect(): Promise<DataSource> {
    let url = this.config.databaseUrl;
    if (!url) {
      const started = Date.now();
      this.embedded = await startEmbeddedPostgres({
        dataDir: this.config.dataDir,
        port: this.config.embeddedDbPort,
      });
      url = this.embedded.url;
      this.logger.log(`Embedded PostgreSQL (PGlite) opened in ${Date.now() - started} ms, data in ${this.embedded.dataDir}`);
    }
    const dataSource = new DataSource({
      type: 'postgres',
      url,
      entities: ENTITIES,
      migrations: MIGRATIONS,
      migrationsRun: false,
      synchronize: false,
      logging: false,
      extra: { max: this.config.databasePoolSize, connectionTimeoutMillis: 10_000 },
    });
    try {
      await dataSource.initialize();
      await this.migrate(dataSource);
    } catch (error) {
      await dataSource.destroy().catch(() => undefined);
      await this.embedded?.stop().catch(() => undefined);
      throw error;
    }
    this._dataSource = dataSource;
    return dataSource;
  }

  private async migrate(dataSource: DataSource): Promise<void> {
    const runner = dataSource.createQueryRunner();
    try {
      await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
      const applied = await dataSource.runMigrations({ transaction: 'each' });
      if (applied.length > 0) this.logger.log(`Applied migrations: ${applied.map((m) => m.name).join(', ')}`);
    } finally {
      await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
      await runner.release();
    }
  }

  async onApplicationShutdown(): Promise<void> {
    if (this._dataSource?.isInitialized) await this._dataSource.destroy();
    await this.embedded?.stop();
    this.embedded = undefined;
  }
}

@Global()
@Module({
  providers: [
    Database,
    {
      provide: DataSource,
      inject: [Database],
      useFactory: (database: Database) => database.connect(),
    },
  ],
  exports: [Database, DataSource],
})
export class DatabaseModule {}
