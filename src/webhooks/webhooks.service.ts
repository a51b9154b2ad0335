import { HttpStatus, Inject, Injectable, Logger } from '@nestjs/common';
import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { EVENT_TYPES } from '../../workflows/actors';
import { UserPrincipal } from '../access/principal';
import { AuditService, actorOf } from '../audit/audit.service';
import { AppError, notFound } from '../common/app-error';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { DataEncryptionService } from '../crypto/data-encryption.service';
import { TARGET_PROBLEMS, targetProblem } from './target-guard';

/** What a webhook carries: ids, the case reference, the event type, the phase and the time; never personal data. */
export interface WebhookPayload {
  type: string;
  timestamp: string;
  data: { caseId: string; caseReference: string; eventType: string; phase: string; sequence: number; at: string };
}

export const ALL_EVENTS = '*';

/** Signs per the Standard Webhooks specification: base64 HMAC-SHA256 over "id.timestamp.body" with the whsec_ secret. */
export function sign(secret: string, id: string, timestamp: number, body: string): string {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  return `v1,${createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64')}`;
}

/**
 * Signed webhooks per organisation (issue 17). Deliveries are written in the event's transaction
 * and sent after commit, with exponential backoff; after WEBHOOK_MAX_ATTEMPTS a delivery is dead
 * until the beheerder replays it. Every attempt is logged (status code or error class only).
 */
@Injectable()
export class WebhooksService {
  private readonly logger = new Logger('Webhooks');

  constructor(
    private readonly dataSource: DataSource,
    private readonly crypto: DataEncryptionService,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private cipher() {
    return this.crypto.forService('webhook-secret');
  }

  async create(principal: UserPrincipal, body: { url: string; eventTypes: string[] }) {
    const problem = await targetProblem(body.url, this.config.webhooks.allowedHosts);
    if (problem) {
      throw new AppError(HttpStatus.UNPROCESSABLE_ENTITY, 'WEBHOOK_TARGET_REFUSED', `De URL ${TARGET_PROBLEMS[problem]}.`, [
        { field: 'url', label: 'URL', problems: [{ constraint: problem, message: TARGET_PROBLEMS[problem] }] },
      ]);
    }
    const unknown = body.eventTypes.filter((t) => t !== ALL_EVENTS && !(EVENT_TYPES as readonly string[]).includes(t));
    if (unknown.length) {
      throw new AppError(HttpStatus.UNPROCESSABLE_ENTITY, 'WEBHOOK_EVENT_TYPE_UNKNOWN', `Onbekende gebeurtenissen: ${unknown.join(', ')}. Gebruik de namen uit de catalogus, of * voor alle.`, [
        { field: 'eventTypes', label: 'Gebeurtenissen', problems: [{ constraint: 'eventType', message: `onbekend: ${unknown.join(', ')}` }] },
      ]);
    }
    const id = randomUUID();
    const secret = `whsec_${randomBytes(24).toString('base64')}`;
    const eventTypes = [...new Set(body.eventTypes)];
    await this.dataSource.transaction(async (tx) => {
      await tx.query('INSERT INTO webhook_endpoints (id, organisation_id, url, secret_encrypted, event_types) VALUES ($1, $2, $3, $4, $5)', [
        id, principal.organisationId, body.url, this.cipher().encrypt(secret, `webhook:${id}`), eventTypes,
      ]);
      await this.audit.append(tx, { actor: actorOf(principal), organisationId: principal.organisationId, action: 'webhook.create', object: `webhook:${id}`, result: 'ok' });
    });
    // The secret is shown once, to configure the receiver; it is stored encrypted only.
    return { id, url: body.url, eventTypes, active: true, secret };
  }

  async list(principal: UserPrincipal) {
    const rows: { id: string; url: string; event_types: string[]; active: boolean; created_at: Date; pending: number; dead: number; delivered: number }[] = await this.dataSource.query(
      `SELECT e.id, e.url, e.event_types, e.active, e.created_at,
              count(d.id) FILTER (WHERE d.status IN ('pending', 'sending'))::int AS pending,
              count(d.id) FILTER (WHERE d.status = 'dead')::int AS dead,
              count(d.id) FILTER (WHERE d.status = 'delivered')::int AS delivered
         FROM webhook_endpoints e LEFT JOIN webhook_deliveries d ON d.endpoint_id = e.id
        WHERE e.organisation_id = $1 AND e.deleted_at IS NULL GROUP BY e.id ORDER BY e.created_at`,
      [principal.organisationId],
    );
    return rows.map((r) => ({ id: r.id, url: r.url, eventTypes: r.event_types, active: r.active, createdAt: r.created_at.toISOString(), deliveries: { pending: r.pending, delivered: r.delivered, dead: r.dead } }));
  }

  private async own(manager: EntityManager, principal: UserPrincipal, id: string): Promise<void> {
    const rows: unknown[] = await manager.query('SELECT 1 FROM webhook_endpoints WHERE id = $1 AND organisation_id = $2 AND deleted_at IS NULL', [id, principal.organisationId]);
    if (!rows.length) throw notFound('De webhook');
  }

  async remove(principal: UserPrincipal, id: string): Promise<void> {
    await this.dataSource.transaction(async (tx) => {
      await this.own(tx, principal, id);
      await tx.query(`UPDATE webhook_endpoints SET deleted_at = now(), active = false WHERE id = $1`, [id]);
      await tx.query(`UPDATE webhook_deliveries SET status = 'dead' WHERE endpoint_id = $1 AND status IN ('pending', 'sending')`, [id]);
      await this.audit.append(tx, { actor: actorOf(principal), organisationId: principal.organisationId, action: 'webhook.delete', object: `webhook:${id}`, result: 'ok' });
    });
  }

  /** The delivery log of an endpoint: newest deliveries first, each with its attempts. */
  async deliveries(principal: UserPrincipal, id: string) {
    await this.own(this.dataSource.manager, principal, id);
    const rows: { id: string; event_type: string; status: string; attempts: number; next_attempt_at: Date; delivered_at: Date | null; created_at: Date; log: { at: string; statusCode: number | null; error: string | null; durationMs: number }[] }[] =
      await this.dataSource.query(
        `SELECT d.id, d.event_type, d.status, d.attempts, d.next_attempt_at, d.delivered_at, d.created_at,
                coalesce((SELECT json_agg(json_build_object('at', to_char(a.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), 'statusCode', a.status_code, 'error', a.error, 'durationMs', a.duration_ms) ORDER BY a.id)
                            FROM webhook_attempts a WHERE a.delivery_id = d.id), '[]') AS log
           FROM webhook_deliveries d WHERE d.endpoint_id = $1 ORDER BY d.created_at DESC, d.id LIMIT 200`,
        [id],
      );
    return rows.map((r) => ({
      id: r.id,
      eventType: r.event_type,
      status: r.status,
      attempts: r.attempts,
      nextAttemptAt: r.status === 'pending' ? r.next_attempt_at.toISOString() : null,
      deliveredAt: r.delivered_at?.toISOString() ?? null,
      createdAt: r.created_at.toISOString(),
      log: r.log,
    }));
  }

  /** Sends a dead-lettered (or delivered) delivery again, as the same message (same webhook-id). */
  async replay(principal: UserPrincipal, id: string, deliveryId: string): Promise<{ id: string; status: string }> {
    const status = await this.dataSource.transaction(async (tx) => {
      await this.own(tx, principal, id);
      const [row]: { status: string }[] = await tx.query('SELECT status FROM webhook_deliveries WHERE id = $1 AND endpoint_id = $2 FOR UPDATE', [deliveryId, id]);
      if (!row) throw notFound('De aflevering');
      if (row.status === 'pending' || row.status === 'sending') {
        throw new AppError(HttpStatus.CONFLICT, 'WEBHOOK_DELIVERY_PENDING', 'Deze aflevering staat al klaar om (opnieuw) te worden verstuurd.');
      }
      await tx.query(`UPDATE webhook_deliveries SET status = 'pending', attempts = 0, next_attempt_at = now(), claimed_at = NULL WHERE id = $1`, [deliveryId]);
      await this.audit.append(tx, { actor: actorOf(principal), organisationId: principal.organisationId, action: 'webhook.replay', object: `webhook:${id}`, result: 'ok' });
      return 'pending';
    });
    this.deliverPending().catch(() => undefined);
    return { id: deliveryId, status };
  }

  /** In the event's transaction: one delivery per active endpoint of the organisation that takes this event type. */
  async enqueue(tx: EntityManager, organisationId: string, payload: WebhookPayload): Promise<number> {
    const rows: unknown[] = await tx.query(
      `INSERT INTO webhook_deliveries (endpoint_id, event_type, payload)
       SELECT e.id, $2, $3 FROM webhook_endpoints e
        WHERE e.organisation_id = $1 AND e.active AND e.deleted_at IS NULL AND ($2 = ANY(e.event_types) OR '*' = ANY(e.event_types))
       RETURNING id`,
      [organisationId, payload.data.eventType, payload],
    );
    return rows.length;
  }

  /**
   * Sends due deliveries, one claimed at a time (FOR UPDATE SKIP LOCKED, then sent outside the
   * transaction); a claim not finished in 5 minutes is taken again. Returns how many were delivered.
   */
  async deliverPending(limit = 50): Promise<number> {
    let delivered = 0;
    for (let i = 0; i < limit; i++) {
      const [job]: { id: string; endpoint_id: string; payload: WebhookPayload; attempts: number; url: string; secret_encrypted: string }[] = await this.dataSource.query(
        `WITH next AS (
           SELECT d.id FROM webhook_deliveries d
            WHERE (d.status = 'pending' AND d.next_attempt_at <= now()) OR (d.status = 'sending' AND d.claimed_at < now() - interval '5 minutes')
            ORDER BY d.next_attempt_at LIMIT 1 FOR UPDATE SKIP LOCKED),
         claimed AS (
           UPDATE webhook_deliveries d SET status = 'sending', claimed_at = now(), attempts = d.attempts + 1 FROM next WHERE d.id = next.id
           RETURNING d.id, d.endpoint_id, d.payload, d.attempts)
         SELECT c.*, e.url, e.secret_encrypted FROM claimed c JOIN webhook_endpoints e ON e.id = c.endpoint_id`,
      );
      if (!job) break;
      const started = Date.now();
      let statusCode: number | null = null;
      let error: string | null = null;
      try {
        const problem = await targetProblem(job.url, this.config.webhooks.allowedHosts);
        if (problem) throw Object.assign(new Error(problem), { name: `target_${problem}` });
        const body = JSON.stringify(job.payload);
        const timestamp = Math.floor(Date.now() / 1000);
        const messageId = `msg_${job.id}`;
        const secret = this.cipher().decrypt(job.secret_encrypted, `webhook:${job.endpoint_id}`);
        const response = await fetch(job.url, {
          method: 'POST',
          redirect: 'manual',
          signal: AbortSignal.timeout(10_000),
          headers: { 'content-type': 'application/json', 'user-agent': 'Basisscan-Webhooks/1', 'webhook-id': messageId, 'webhook-timestamp': String(timestamp), 'webhook-signature': sign(secret, messageId, timestamp, body) },
          body,
        });
        statusCode = response.status;
        await response.body?.cancel().catch(() => undefined);
      } catch (caught) {
        error = (caught as Error).name === 'Error' ? 'error' : (caught as Error).name;
      }
      const ok = statusCode !== null && statusCode >= 200 && statusCode < 300;
      const dead = !ok && job.attempts >= this.config.webhooks.maxAttempts;
      const delay = this.config.webhooks.retryBaseSeconds * 2 ** (job.attempts - 1);
      await this.dataSource.transaction(async (tx) => {
        await tx.query('INSERT INTO webhook_attempts (delivery_id, status_code, error, duration_ms) VALUES ($1, $2, $3, $4)', [job.id, statusCode, error, Date.now() - started]);
        await tx.query(
          `UPDATE webhook_deliveries SET status = $2, claimed_at = NULL, delivered_at = CASE WHEN $2 = 'delivered' THEN now() ELSE delivered_at END,
                  next_attempt_at = CASE WHEN $2 = 'pending' THEN now() + make_interval(secs => $3) ELSE next_attempt_at END
            WHERE id = $1`,
          [job.id, ok ? 'delivered' : dead ? 'dead' : 'pending', delay],
        );
      });
      if (ok) delivered++;
      else this.logger.warn({ deliveryId: job.id, statusCode, errorName: error, dead }, 'Webhook delivery failed');
    }
    return delivered;
  }
}
