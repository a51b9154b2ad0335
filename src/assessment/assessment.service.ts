import { measureReminderJobs, MEASURE_REMINDER_PREFIX } from '../notifications/reminders';
import { HttpStatus, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { riskLevel, RiskLevel } from '../../workflows/risk';
import { findMachine } from '../../workflows';
import { AccessService } from '../access/access.service';
import { actorOf, AuditService } from '../audit/audit.service';
import { Principal } from '../access/principal';
import { caseQuestionnaire } from '../candidates/case-template';
import { forScreener, questionsOf } from '../candidates/questionnaire';
import { AppError, notFound } from '../common/app-error';
import { Cipher, DataEncryptionService } from '../crypto/data-encryption.service';
import { ConclusionDto, InterviewDto, MeasureDto, RiskDto, SourceDto } from './assessment.dto';


export interface SourceView {
  id: string;
  kind: string;
  consultedOn: string;
  query: string;
  found: string;
  isFinding: boolean;
}
export interface RiskView {
  id: string;
  theme: string;
  description: string;
  likelihood: string;
  impact: string;
  level: RiskLevel;
  facts: { answers: string[]; sources: string[] };
  measures: MeasureDto[];
  /** Where and when the candidate accepted this risk's measures, if so. */
  agreements: { in: 'gesprek_opdrachtgever' | 'wederhoor'; on: string }[];
}
export interface AssessmentView {
  sources: SourceView[];
  interview: InterviewDto | null;
  risks: RiskView[];
  draft: ConclusionDto | null;
}

/** The assigned screener's file: sources consulted, the interview, the risk register, the draft conclusion. */
@Injectable()
export class AssessmentService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly access: AccessService,
    private readonly crypto: DataEncryptionService,
    private readonly audit: AuditService,
  ) {}

  async get(principal: Principal, caseId: string): Promise<AssessmentView> {
    await this.access.require(principal, 'assessment.read', caseId, 'Het dossier');
    const file = await this.read(this.dataSource.manager, caseId);
    await this.audit.read(principal, 'assessment', caseId);
    return file;
  }

  addSource(principal: Principal, caseId: string, dto: SourceDto): Promise<SourceView> {
    return this.write(principal, caseId, 'source.add', async (tx, cipher) => {
      const [row] = await tx.query(
        `INSERT INTO research_sources (case_id, kind, consulted_on, is_finding, content_encrypted) VALUES ($1, $2, $3, $4, 'pending') RETURNING id`,
        [caseId, dto.kind, dto.consultedOn, dto.isFinding],
      );
      await tx.query('UPDATE research_sources SET content_encrypted = $1 WHERE id = $2', [cipher.encrypt(JSON.stringify({ query: dto.query, found: dto.found }), `source:${row.id}`), row.id]);
      return { id: row.id, kind: dto.kind, consultedOn: dto.consultedOn, query: dto.query, found: dto.found, isFinding: dto.isFinding };
    });
  }

  saveInterview(principal: Principal, caseId: string, dto: InterviewDto): Promise<InterviewDto> {
    return this.write(principal, caseId, 'interview.save', async (tx, cipher) => {
      const content = cipher.encrypt(JSON.stringify({ participants: dto.participants, summaries: dto.summaries }), `case:${caseId}:interview`);
      await tx.query(
        `INSERT INTO interviews (case_id, held_on, content_encrypted) VALUES ($1, $2, $3)
         ON CONFLICT (case_id) DO UPDATE SET held_on = EXCLUDED.held_on, content_encrypted = EXCLUDED.content_encrypted, updated_at = now()`,
        [caseId, dto.heldOn, content],
      );
      return { heldOn: dto.heldOn, participants: dto.participants, summaries: dto.summaries };
    });
  }

  addRisk(principal: Principal, caseId: string, dto: RiskDto): Promise<RiskView> {
    return this.write(principal, caseId, 'risk.add', async (tx, cipher) => {
      await this.checkFacts(tx, caseId, dto);
      const level = riskLevel(dto.likelihood, dto.impact);
      const [row] = await tx.query(
        `INSERT INTO risks (case_id, theme, likelihood, impact, level, measure_count, content_encrypted) VALUES ($1, $2, $3, $4, $5, $6, 'pending') RETURNING id`,
        [caseId, dto.theme, dto.likelihood, dto.impact, level, dto.measures.length],
      );
      await tx.query('UPDATE risks SET content_encrypted = $1 WHERE id = $2', [this.sealRisk(cipher, row.id, dto), row.id]);
      await this.planMeasureReminders(tx, caseId, cipher);
      return this.riskView(row.id, dto, level);
    });
  }

  updateRisk(principal: Principal, caseId: string, riskId: string, dto: RiskDto): Promise<RiskView> {
    return this.write(principal, caseId, 'risk.update', async (tx, cipher) => {
      await this.checkFacts(tx, caseId, dto);
      const level = riskLevel(dto.likelihood, dto.impact);
      const updated = await tx.query(
        `WITH u AS (UPDATE risks SET theme = $3, likelihood = $4, impact = $5, level = $6, measure_count = $7, content_encrypted = $8, updated_at = now()
          WHERE id = $1 AND case_id = $2 RETURNING id) SELECT id FROM u`,
        [riskId, caseId, dto.theme, dto.likelihood, dto.impact, level, dto.measures.length, this.sealRisk(cipher, riskId, dto)],
      );
      if (updated.length === 0) throw notFound('Het risico');
      // Changed measures are not the ones the candidate accepted.
      await tx.query('DELETE FROM measure_agreements WHERE risk_id = $1', [riskId]);
      await this.planMeasureReminders(tx, caseId, cipher);
      return this.riskView(riskId, dto, level);
    });
  }

  deleteRisk(principal: Principal, caseId: string, riskId: string): Promise<void> {
    return this.write(principal, caseId, 'risk.delete', async (tx, cipher) => {
      const deleted = await tx.query('WITH d AS (DELETE FROM risks WHERE id = $1 AND case_id = $2 RETURNING id) SELECT id FROM d', [riskId, caseId]);
      if (deleted.length === 0) throw notFound('Het risico');
      await this.planMeasureReminders(tx, caseId, cipher);
    });
  }

  saveDraft(principal: Principal, caseId: string, dto: ConclusionDto): Promise<ConclusionDto> {
    return this.write(principal, caseId, 'draft.save', async (tx, cipher) => {
      await tx.query(
        `INSERT INTO assessments (case_id, draft_conclusion, content_encrypted) VALUES ($1, $2, $3)
         ON CONFLICT (case_id) DO UPDATE SET draft_conclusion = EXCLUDED.draft_conclusion, content_encrypted = EXCLUDED.content_encrypted, updated_at = now()`,
        [caseId, dto.conclusion, cipher.encrypt(dto.explanation, `case:${caseId}:draft`)],
      );
      return dto;
    });
  }

  /** The whole file, decrypted; used by the screener's view, wederhoor and (later) the report. */
  async read(manager: EntityManager, caseId: string): Promise<AssessmentView> {
    const [sources, interviews, risks, drafts] = await Promise.all([
      manager.query(`SELECT id, kind, to_char(consulted_on, 'YYYY-MM-DD') AS consulted_on, is_finding, content_encrypted FROM research_sources WHERE case_id = $1 ORDER BY consulted_on, created_at`, [caseId]),
      manager.query(`SELECT to_char(held_on, 'YYYY-MM-DD') AS held_on, content_encrypted FROM interviews WHERE case_id = $1`, [caseId]),
      manager.query(
        `SELECT r.id, r.level, r.content_encrypted,
                (SELECT coalesce(json_agg(json_build_object('in', a.agreed_in, 'on', to_char(a.agreed_on, 'YYYY-MM-DD')) ORDER BY a.agreed_on), '[]') FROM measure_agreements a WHERE a.risk_id = r.id) AS agreements
           FROM risks r WHERE r.case_id = $1 ORDER BY r.created_at`,
        [caseId],
      ),
      manager.query(`SELECT draft_conclusion, content_encrypted FROM assessments WHERE case_id = $1`, [caseId]),
    ]);
    if (!sources.length && !interviews.length && !risks.length && !drafts.length) return { sources: [], interview: null, risks: [], draft: null };
    const cipher = await this.crypto.forCase(manager, caseId);
    return {
      sources: sources.map((s: { id: string; kind: string; consulted_on: string; is_finding: boolean; content_encrypted: string }) => ({
        id: s.id,
        kind: s.kind,
        consultedOn: s.consulted_on,
        isFinding: s.is_finding,
        ...(JSON.parse(cipher.decrypt(s.content_encrypted, `source:${s.id}`)) as { query: string; found: string }),
      })),
      interview: interviews[0] ? { heldOn: interviews[0].held_on, ...JSON.parse(cipher.decrypt(interviews[0].content_encrypted, `case:${caseId}:interview`)) } : null,
      risks: risks.map((r: { id: string; level: RiskLevel; content_encrypted: string; agreements: RiskView['agreements'] }) =>
        this.riskView(r.id, JSON.parse(cipher.decrypt(r.content_encrypted, `risk:${r.id}`)) as RiskDto, r.level, r.agreements),
      ),
      draft: drafts[0]?.draft_conclusion ? { conclusion: drafts[0].draft_conclusion, explanation: cipher.decrypt(drafts[0].content_encrypted, `case:${caseId}:draft`) } : null,
    };
  }

  /** Counts the workflow checks before COMPLETE_RESEARCH, RECORD_INTERVIEW, SUBMIT_DRAFT and SUBMIT_FINAL. */
  async progress(manager: EntityManager, caseId: string): Promise<{ sources: number; interviewHeldOn: string | null; draft: boolean; highRisksWithoutMeasure: number }> {
    const [row] = await manager.query(
      `SELECT (SELECT count(*)::int FROM research_sources WHERE case_id = $1) AS sources,
              (SELECT to_char(held_on, 'YYYY-MM-DD') FROM interviews WHERE case_id = $1) AS held_on,
              EXISTS (SELECT 1 FROM assessments WHERE case_id = $1 AND draft_conclusion IS NOT NULL) AS draft,
              (SELECT count(*)::int FROM risks WHERE case_id = $1 AND level = 'hoog' AND measure_count = 0) AS bare`,
      [caseId],
    );
    return { sources: row.sources, interviewHeldOn: row.held_on, draft: row.draft, highRisksWithoutMeasure: row.bare };
  }

  private async write<T>(principal: Principal, caseId: string, action: string, work: (tx: EntityManager, cipher: Cipher) => Promise<T>): Promise<T> {
    await this.access.require(principal, 'assessment.write', caseId, 'Het dossier');
    return this.dataSource.transaction(async (tx) => {
      const [row] = await tx.query('SELECT state, machine_id, machine_version FROM cases WHERE id = $1 FOR UPDATE', [caseId]);
      if (!findMachine(row.machine_id, row.machine_version)?.screenerFilePhases.includes(row.state)) {
        throw new AppError(HttpStatus.CONFLICT, 'ASSESSMENT_LOCKED', 'Het onderzoeksdossier kan in deze fase niet worden gewijzigd (alleen van openbronnenonderzoek tot en met eindrapportage, niet tijdens hoor en wederhoor).');
      }
      // A report made before this change no longer reflects the file (reports' upToDate).
      await tx.query('UPDATE cases SET content_version = content_version + 1 WHERE id = $1', [caseId]);
      const result = await work(tx, await this.crypto.forCase(tx, caseId));
      await this.audit.append(tx, { actor: actorOf(principal), organisationId: principal.organisationId, action: `assessment.${action}`, object: `case:${caseId}`, result: 'ok' });
      return result;
    });
  }

  /** The facts a risk rests on must be this case's: questions of its questionnaire, sources of its file. */
  private async checkFacts(tx: EntityManager, caseId: string, dto: RiskDto): Promise<void> {
    const problems: { field: string; problems: { constraint: string; message: string }[] }[] = [];
    const found = await caseQuestionnaire(tx, caseId);
    // Benoembaarheid facts (the griffier's) are legal requirements, never the facts a risk rests on; the organisation's own questions are risk material.
    const questions = new Set(found ? questionsOf(found.template).filter(forScreener).map((q) => q.id) : []);
    (dto.facts.answers ?? []).forEach((id, i) => {
      if (!questions.has(id)) problems.push({ field: `facts.answers.${i}`, problems: [{ constraint: 'unknownQuestion', message: 'is geen vraag van de vragenlijst die de screener mag wegen' }] });
    });
    const wanted = dto.facts.sources ?? [];
    if (wanted.length) {
      const found: { id: string }[] = await tx.query('SELECT id FROM research_sources WHERE case_id = $1 AND id = ANY($2::uuid[])', [caseId, wanted]);
      const known = new Set(found.map((f) => f.id));
      wanted.forEach((id, i) => {
        if (!known.has(id)) problems.push({ field: `facts.sources.${i}`, problems: [{ constraint: 'unknownSource', message: 'is geen bron van dit dossier' }] });
      });
    }
    if (problems.length) {
      throw new AppError(HttpStatus.UNPROCESSABLE_ENTITY, 'INVALID_FACTS', `Het risico verwijst naar feiten die niet bij dit dossier horen: ${problems.map((p) => p.field).join(', ')}.`, problems);
    }
  }

  /**
   * The measures of these risks (or of all risks) are accepted by the candidate in the
   * burgemeester's conversation, inside the event's transaction. A risk of another case, or one
   * without measures, is refused.
   */
  async recordAgreements(tx: EntityManager, caseId: string, riskIds: string[] | 'all', on: string, eventSeq: number): Promise<void> {
    if (riskIds.length === 0) return;
    const rows: { id: string }[] = await tx.query('SELECT id FROM risks WHERE case_id = $1 AND ($2::uuid[] IS NULL OR id = ANY($2::uuid[])) AND measure_count > 0', [
      caseId,
      riskIds === 'all' ? null : riskIds,
    ]);
    const unknown = riskIds === 'all' ? [] : [...new Set(riskIds)].filter((id) => !rows.some((r) => r.id === id));
    if (unknown.length) {
      throw new AppError(HttpStatus.UNPROCESSABLE_ENTITY, 'RISK_UNKNOWN', 'Een of meer gekozen risico’s horen niet bij dit dossier of hebben geen beheersmaatregel.', [
        { field: 'agreedRiskIds', label: 'Afgesproken maatregelen', problems: [{ constraint: 'risk', message: 'bevat een risico zonder beheersmaatregel of van een ander dossier' }] },
      ]);
    }
    await tx.query(
      `INSERT INTO measure_agreements (case_id, risk_id, agreed_in, agreed_on, event_seq)
       SELECT $1, id, 'gesprek_opdrachtgever', $3, $4 FROM unnest($2::uuid[]) AS id
       ON CONFLICT (case_id, risk_id, agreed_in) DO UPDATE SET agreed_on = EXCLUDED.agreed_on, event_seq = EXCLUDED.event_seq`,
      [caseId, rows.map((r) => r.id), on, eventSeq],
    );
  }

  /**
   * The opdrachtgever is reminded of each measure on its due date (notifications/consequences.ts,
   * REMINDERS.maatregel), also after the appointment: the jobs follow the measures as they are now.
   */
  private async planMeasureReminders(tx: EntityManager, caseId: string, cipher: Cipher): Promise<void> {
    const rows: { id: string; content_encrypted: string }[] = await tx.query('SELECT id, content_encrypted FROM risks WHERE case_id = $1', [caseId]);
    const dueDates = rows.flatMap((row) => (JSON.parse(cipher.decrypt(row.content_encrypted, `risk:${row.id}`)) as { measures: { byWhen: string }[] }).measures.map((m) => m.byWhen));
    const jobs = measureReminderJobs(dueDates, new Date());
    await tx.query(
      `WITH cancelled AS (
         UPDATE scheduled_jobs SET status = 'cancelled', finished_at = now() WHERE case_id = $1 AND status = 'pending' AND starts_with(kind, $2) RETURNING 1)
       INSERT INTO scheduled_jobs (case_id, kind, event, due_at)
       SELECT $1, j.kind, j.event, j.due_at FROM jsonb_to_recordset($3::jsonb) AS j(kind text, event jsonb, due_at timestamptz)
        WHERE (SELECT count(*) FROM cancelled) >= 0`,
      [caseId, MEASURE_REMINDER_PREFIX, JSON.stringify(jobs.map((j) => ({ kind: j.kind, event: j.event, due_at: j.dueAt })))],
    );
  }

  private sealRisk(cipher: Cipher, riskId: string, dto: RiskDto): string {
    return cipher.encrypt(JSON.stringify({ theme: dto.theme, description: dto.description, likelihood: dto.likelihood, impact: dto.impact, facts: dto.facts, measures: dto.measures }), `risk:${riskId}`);
  }

  private riskView(id: string, dto: RiskDto, level: RiskLevel, agreements: RiskView['agreements'] = []): RiskView {
    return {
      id,
      theme: dto.theme,
      description: dto.description,
      likelihood: dto.likelihood,
      impact: dto.impact,
      level,
      facts: { answers: dto.facts.answers ?? [], sources: dto.facts.sources ?? [] },
      measures: dto.measures.map((m) => ({ measure: m.measure, who: m.who, byWhen: m.byWhen })),
      agreements,
    };
  }
}
