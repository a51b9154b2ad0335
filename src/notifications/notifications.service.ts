import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { CaseContext, variantOf } from '../../workflows/basisscan-2.machine';
import { UserPrincipal } from '../access/principal';
import { InvitationsService } from '../candidates/invitations.service';
import { OutboxService } from '../candidates/outbox.service';
import { AppError, notFound } from '../common/app-error';
import { deadlineDay, deadlineText, longDate } from '../common/dutch-date';
import { fill, readTemplate } from '../common/templates';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { DataEncryptionService } from '../crypto/data-encryption.service';
import { caseReference } from '../cases/case-reference';
import { guideTemplate } from '../cases/guide';
import { consequencesOf, EventChange, Notice, NoticeKind, REMINDERS, WEBHOOKS } from './consequences';
import { WebhooksService } from '../webhooks/webhooks.service';
import { scanPhase } from '../cases/guide';

export const NOTICES_TEMPLATE = 'mail/meldingen-1.nl.json';

interface NoticeTexts {
  version: string;
  deadlineSentence: string;
  digest: { subject: string; item: string; text: string };
  notices: Record<Exclude<NoticeKind, 'uitnodiging'>, { subject: string; title: string; body: string; text: string }>;
}

export interface NotificationView {
  id: string;
  caseId: string;
  caseReference: string;
  kind: NoticeKind;
  title: string;
  body: string;
  link: string;
  dueOn: string | null;
  createdAt: string;
  read: boolean;
}

/** The page a recipient lands on, relative to the web app; the candidate's carries a fresh sign-in code. */
const PAGE: Record<'opdrachtgever' | 'screener', (caseId: string, kind: NoticeKind) => string> = {
  opdrachtgever: (caseId) => `/zaken/${caseId}`,
  screener: (caseId, kind) => (kind === 'screener_toegewezen' ? `/zaken/${caseId}` : `/zaken/${caseId}/dossier`),
};

/**
 * Carries out the notices of consequences.ts: in the event's transaction, one mail in the outbox
 * (delivered after commit) and, for officials, one in-app notification per recipient. Mail to
 * anyone but the candidate names the case by its reference only: no candidate name, no answers,
 * no findings (the templates have no placeholder for them).
 */
@Injectable()
export class NotificationsService {
  private texts?: NoticeTexts;

  constructor(
    private readonly dataSource: DataSource,
    private readonly crypto: DataEncryptionService,
    private readonly outbox: OutboxService,
    private readonly invitations: InvitationsService,
    private readonly webhooks: WebhooksService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private template(): NoticeTexts {
    this.texts ??= readTemplate<NoticeTexts>(NOTICES_TEMPLATE);
    return this.texts;
  }

  /** Records what an accepted event causes, in its transaction; returns how many mails and webhook deliveries were queued. */
  async afterEvent(tx: EntityManager, caseId: string, seq: number, change: EventChange): Promise<number> {
    const notices = consequencesOf(change);
    let queued = WEBHOOKS.everyEvent ? await this.webhookOf(tx, caseId, seq, change) : 0;
    const passed = change.event.type === 'DEADLINE_PASSED' ? (change.event as { deadline: string }).deadline : null;
    for (const notice of notices) queued += await this.send(tx, caseId, seq, notice, change.after.context as CaseContext, change.event.at, { machineVersion: change.machineVersion, passed });
    return queued;
  }

  /** The event for the organisation's webhooks: ids, reference, type, phase, time; nothing personal. */
  private async webhookOf(tx: EntityManager, caseId: string, seq: number, change: EventChange): Promise<number> {
    const [kase]: { organisation_id: string; created_at: Date }[] = await tx.query('SELECT organisation_id, created_at FROM cases WHERE id = $1', [caseId]);
    const queued = await this.webhooks.enqueue(tx, kase.organisation_id, {
      type: `case.${change.event.type.toLowerCase()}`,
      timestamp: change.event.at,
      data: { caseId, caseReference: caseReference(caseId, kase.created_at.toISOString()), eventType: change.event.type, phase: scanPhase(change.after), sequence: seq, at: change.event.at },
    });
    return queued;
  }

  /** After the event's commit: its mail and webhooks go out now; the job poller retries what fails. */
  deliverAfterCommit(): void {
    this.outbox.deliverPending().catch(() => undefined);
    this.webhooks.deliverPending().catch(() => undefined);
  }

  /**
   * A reminder job came due (REMINDERS): the one who must act is reminded, in the job's transaction.
   * Returns how many mails were queued; 0 when the case has no such reminder (any more).
   */
  async remind(tx: EntityManager, caseId: string, deadline: string): Promise<number> {
    const notice = REMINDERS[deadline];
    if (!notice) return 0;
    const [row]: { version: number; machine_version: string; snapshot: { context: CaseContext }; state: string }[] = await tx.query('SELECT version, machine_version, snapshot, state FROM cases WHERE id = $1', [caseId]);
    // A destroyed case has nobody left to remind of anything.
    if (!row || row.state === 'vernietigd') return 0;
    return this.send(tx, caseId, row.version, notice, row.snapshot.context, new Date().toISOString(), { machineVersion: row.machine_version, passed: null });
  }

  private async send(tx: EntityManager, caseId: string, seq: number, notice: Notice, context: CaseContext, at: string, about: { machineVersion: string; passed: string | null }): Promise<number> {
    if (notice.kind === 'uitnodiging') {
      await this.invitations.issue(tx, caseId, context, at);
      return 1;
    }
    const texts = this.template();
    const text = texts.notices[notice.kind];
    const [kase]: { created_at: Date; created_by: string; screener_id: string | null; organisation_id: string; organisation_name: string }[] = await tx.query(
      `SELECT c.created_at, c.created_by, c.screener_id, c.organisation_id, o.name AS organisation_name FROM cases c JOIN organisations o ON o.id = c.organisation_id WHERE c.id = $1`,
      [caseId],
    );
    const jobs: { kind: string; due_at: Date }[] = await tx.query(`SELECT kind, due_at FROM scheduled_jobs WHERE case_id = $1 AND status = 'pending'`, [caseId]);
    const due = (kind?: string) => {
      const job = kind ? jobs.find((j) => j.kind === kind) : undefined;
      return job ? job.due_at.toISOString() : null;
    };
    const dueAt = due(notice.deadline);
    const destruction = notice.destruction ? due('bewaartermijn') : null;
    const variant = variantOf(context);
    // The deadline the notice is about: the one that passed, or the one it reminds of.
    const named = about.passed ?? notice.deadline ?? null;
    const values: Record<string, string> = {
      caseReference: caseReference(caseId, kase.created_at.toISOString()),
      officeTitle: variant.officeTitle,
      opdrachtgeverTitle: variant.opdrachtgeverTitle,
      organisationName: kase.organisation_name,
      deadline: dueAt ? deadlineText(dueAt) : '',
      destructionDate: destruction ? longDate(deadlineDay(destruction)) : 'het einde van de bewaartermijn',
      deadlineName: named ? lowerFirst(guideTemplate(about.machineVersion).deadlines[named] ?? named) : 'deze stap',
      newLinkPage: `${this.config.publicUrl}/kandidaat/nieuwe-link`,
    };
    values.deadlineSentence = dueAt ? fill(texts.deadlineSentence, values) : '';

    if (notice.to === 'kandidaat') {
      const [subject]: { name_encrypted: string; email_encrypted: string }[] = await tx.query('SELECT name_encrypted, email_encrypted FROM case_subjects WHERE case_id = $1', [caseId]);
      if (!subject) return 0;
      const cipher = await this.crypto.forCase(tx, caseId);
      // The candidate has no account: a mail that asks them to act brings a fresh single-use link.
      const link = notice.kind === 'dossier_afgesloten' ? '' : (await this.invitations.freshLink(tx, caseId, at, { endSessions: false })).link;
      const filled = { ...values, recipientName: cipher.decrypt(subject.name_encrypted, `case:${caseId}:name`), link };
      await this.outbox.enqueue(tx, caseId, NOTICES_TEMPLATE, { to: cipher.decrypt(subject.email_encrypted, `case:${caseId}:email`), subject: fill(text.subject, filled), text: fill(text.text, filled) }, notice.kind);
      return 1;
    }

    const recipients: { id: string; name: string; email: string; mode: string | null }[] =
      notice.to === 'screener'
        ? kase.screener_id
          ? await tx.query(`SELECT u.id, u.name, u.email, p.mode FROM users u LEFT JOIN notification_preferences p ON p.user_id = u.id WHERE u.id = $1 AND u.active`, [kase.screener_id])
          : []
        : await this.opdrachtgevers(tx, kase.created_by, kase.organisation_id);
    let mails = 0;
    for (const user of recipients) {
      const page = PAGE[notice.to](caseId, notice.kind);
      const filled = { ...values, recipientName: user.name, link: `${this.config.publicUrl}${page}` };
      // A user who chose the daily digest gets the notice in it, not a mail of its own.
      const digest = user.mode === 'dagelijks';
      const inserted: unknown[] = await tx.query(
        `INSERT INTO notifications (user_id, case_id, event_seq, kind, template_version, title, body, link, due_on, digest_pending)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT DO NOTHING RETURNING id`,
        [user.id, caseId, seq, notice.kind, texts.version, fill(text.title, filled), fill(text.body, filled), page, dueAt ? deadlineDay(dueAt) : null, digest],
      );
      if (!inserted.length || digest) continue;
      await this.outbox.enqueue(tx, caseId, NOTICES_TEMPLATE, { to: user.email, subject: fill(text.subject, filled), text: fill(text.text, filled) }, notice.kind);
      mails++;
    }
    return mails;
  }

  /** The opdrachtgever who commissioned the case; if that account is gone, the organisation's active opdrachtgevers. */
  private async opdrachtgevers(tx: EntityManager, createdBy: string, organisationId: string): Promise<{ id: string; name: string; email: string; mode: string | null }[]> {
    const select = `SELECT u.id, u.name, u.email, p.mode FROM users u LEFT JOIN notification_preferences p ON p.user_id = u.id`;
    const own: { id: string; name: string; email: string; mode: string | null }[] = await tx.query(
      `${select} WHERE u.id = $1 AND u.active AND 'opdrachtgever' = ANY(u.roles) AND u.organisation_id = $2`,
      [createdBy, organisationId],
    );
    if (own.length) return own;
    return tx.query(`${select} WHERE u.organisation_id = $1 AND u.active AND 'opdrachtgever' = ANY(u.roles) ORDER BY u.created_at`, [organisationId]);
  }

  // --- preferences and the daily digest ------------------------------------------------------------

  async preferences(principal: UserPrincipal): Promise<{ mode: 'direct' | 'dagelijks'; digestHour: number }> {
    const [row]: { mode: 'direct' | 'dagelijks'; digest_hour: number }[] = await this.dataSource.query('SELECT mode, digest_hour FROM notification_preferences WHERE user_id = $1', [principal.userId]);
    return { mode: row?.mode ?? 'direct', digestHour: row?.digest_hour ?? DEFAULT_DIGEST_HOUR };
  }

  async setPreferences(principal: UserPrincipal, body: { mode: 'direct' | 'dagelijks'; digestHour?: number }): Promise<{ mode: 'direct' | 'dagelijks'; digestHour: number }> {
    const hour = body.digestHour ?? (await this.preferences(principal)).digestHour;
    await this.dataSource.query(
      `INSERT INTO notification_preferences (user_id, mode, digest_hour) VALUES ($1, $2, $3)
       ON CONFLICT (user_id) DO UPDATE SET mode = EXCLUDED.mode, digest_hour = EXCLUDED.digest_hour, updated_at = now()`,
      [principal.userId, body.mode, hour],
    );
    return { mode: body.mode, digestHour: hour };
  }

  /**
   * Sends the daily digests that are due: for each user on "dagelijks" whose hour (Europe/Amsterdam)
   * has come today and who has waiting notices, one mail listing them; also, at once, what waits
   * for a user who went back to "direct". Each user's row is taken with FOR UPDATE SKIP LOCKED and
   * marked in the transaction that queues the mail: once a day, across instances. Returns how many
   * digests were queued.
   */
  async sendDigests(now = new Date()): Promise<number> {
    const { day, hour } = amsterdam(now);
    let sent = 0;
    for (let i = 0; i < 100; i++) {
      const done = await this.dataSource.transaction(async (tx) => {
        const [user]: { user_id: string; name: string; email: string; digest_hour: number; organisation_name: string }[] = await tx.query(
          `SELECT p.user_id, u.name, u.email, p.digest_hour, o.name AS organisation_name
             FROM notification_preferences p JOIN users u ON u.id = p.user_id JOIN organisations o ON o.id = u.organisation_id
            WHERE u.active
              AND (p.mode = 'direct' OR (p.digest_hour <= $1 AND (p.last_digest_on IS NULL OR p.last_digest_on < $2::date)))
              AND EXISTS (SELECT 1 FROM notifications n WHERE n.user_id = p.user_id AND n.digest_pending)
            ORDER BY p.user_id LIMIT 1 FOR UPDATE OF p SKIP LOCKED`,
          [hour, day],
        );
        if (!user) return false;
        const items: { id: string; case_id: string; case_created_at: Date; title: string; body: string; link: string }[] = await tx.query(
          `SELECT n.id, n.case_id, c.created_at AS case_created_at, n.title, n.body, n.link FROM notifications n JOIN cases c ON c.id = n.case_id
            WHERE n.user_id = $1 AND n.digest_pending ORDER BY n.created_at, n.id FOR UPDATE OF n`,
          [user.user_id],
        );
        const texts = this.template().digest;
        const values = {
          recipientName: user.name,
          organisationName: user.organisation_name,
          count: String(items.length),
          countSentence: items.length === 1 ? 'is 1 nieuwe melding' : `zijn ${items.length} nieuwe meldingen`,
          hour: String(user.digest_hour),
          preferencesLink: `${this.config.publicUrl}/meldingen`,
          items: items
            .map((n) => fill(texts.item, { caseReference: caseReference(n.case_id, n.case_created_at.toISOString()), title: n.title, body: n.body, link: `${this.config.publicUrl}${n.link}` }))
            .join('\n'),
        };
        await this.outbox.enqueue(tx, null, NOTICES_TEMPLATE, { to: user.email, subject: fill(texts.subject, values), text: fill(texts.text, values) }, 'dagelijks_overzicht');
        await tx.query('UPDATE notifications SET digest_pending = false WHERE id = ANY($1::uuid[])', [items.map((n) => n.id)]);
        await tx.query(`UPDATE notification_preferences SET last_digest_on = $2::date WHERE user_id = $1 AND mode = 'dagelijks'`, [user.user_id, day]);
        return true;
      });
      if (!done) break;
      sent++;
    }
    if (sent > 0) this.outbox.deliverPending().catch(() => undefined);
    return sent;
  }

  // --- the in-app list ---------------------------------------------------------------------------

  async list(principal: UserPrincipal, options: { unreadOnly?: boolean; limit?: number } = {}): Promise<{ unreadCount: number; items: NotificationView[] }> {
    const limit = Math.min(Math.max(options.limit ?? 50, 1), 200);
    const rows: { id: string; case_id: string; case_created_at: Date; kind: NoticeKind; title: string; body: string; link: string; due_on: string | null; created_at: Date; read_at: Date | null }[] =
      await this.dataSource.query(
        `SELECT n.id, n.case_id, c.created_at AS case_created_at, n.kind, n.title, n.body, n.link, to_char(n.due_on, 'YYYY-MM-DD') AS due_on, n.created_at, n.read_at
           FROM notifications n JOIN cases c ON c.id = n.case_id
          WHERE n.user_id = $1 AND ($2::boolean IS NOT TRUE OR n.read_at IS NULL)
          ORDER BY n.created_at DESC, n.id LIMIT $3`,
        [principal.userId, options.unreadOnly ?? false, limit],
      );
    const [{ n }] = await this.dataSource.query(`SELECT count(*)::int AS n FROM notifications WHERE user_id = $1 AND read_at IS NULL`, [principal.userId]);
    return {
      unreadCount: n,
      items: rows.map((r) => ({
        id: r.id,
        caseId: r.case_id,
        caseReference: caseReference(r.case_id, r.case_created_at.toISOString()),
        kind: r.kind,
        title: r.title,
        body: r.body,
        link: r.link,
        dueOn: r.due_on,
        createdAt: r.created_at.toISOString(),
        read: r.read_at !== null,
      })),
    };
  }

  /** Marks the caller's own notifications read: the ones named, or all. Someone else's ids answer 404 like unknown ones. */
  async markRead(principal: UserPrincipal, body: { ids?: string[]; all?: boolean }): Promise<{ unreadCount: number }> {
    if (body.all) {
      await this.dataSource.query(`UPDATE notifications SET read_at = now() WHERE user_id = $1 AND read_at IS NULL`, [principal.userId]);
    } else {
      const ids = [...new Set(body.ids ?? [])];
      if (!ids.length) throw new AppError(HttpStatus.UNPROCESSABLE_ENTITY, 'NOTHING_TO_MARK', 'Geef aan welke meldingen gelezen zijn (ids), of alle (all).');
      await this.dataSource.transaction(async (tx) => {
        const own: { id: string }[] = await tx.query(`SELECT id FROM notifications WHERE user_id = $1 AND id = ANY($2::uuid[]) FOR UPDATE`, [principal.userId, ids]);
        if (own.length !== ids.length) throw notFound('De melding');
        await tx.query(`UPDATE notifications SET read_at = coalesce(read_at, now()) WHERE id = ANY($1::uuid[])`, [ids]);
      });
    }
    const [{ n }] = await this.dataSource.query(`SELECT count(*)::int AS n FROM notifications WHERE user_id = $1 AND read_at IS NULL`, [principal.userId]);
    return { unreadCount: n };
  }
}

const DEFAULT_DIGEST_HOUR = 8;

const AMSTERDAM = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', hourCycle: 'h23' });

/** The calendar day (YYYY-MM-DD) and hour of a moment in the Netherlands. */
function amsterdam(now: Date): { day: string; hour: number } {
  const parts = Object.fromEntries(AMSTERDAM.formatToParts(now).map((p) => [p.type, p.value]));
  return { day: `${parts.year}-${parts.month}-${parts.day}`, hour: Number(parts.hour) };
}

const lowerFirst = (text: string) => text.charAt(0).toLowerCase() + text.slice(1);
