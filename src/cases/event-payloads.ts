import { plainToInstance } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsInt, IsString, IsUUID, Matches, MaxLength, Min, MinLength, registerDecorator, ValidateIf, validateSync } from 'class-validator';
import { HttpStatus } from '@nestjs/common';
import { EVENT_TYPES } from '../../workflows/actors';
import { CaseEventType, CONCLUSIONS, Conclusion, StopReason } from '../../workflows/basisscan-2.machine';
import { isIsoDate } from '../../workflows/dates';
import { AppError } from '../common/app-error';
import { describeProblems, flattenValidationErrors } from '../common/validation';

export function IsCalendarDate(): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isDateString',
      target: target.constructor,
      propertyName: propertyName as string,
      validator: { validate: (value: unknown) => isIsoDate(value) && value >= '2000-01-01' && value <= '2100-12-31' },
    });
}

export const STOP_REASONS: readonly StopReason[] = ['formatie_gewijzigd', 'kandidaat_ongeschikt_voor_functie', 'andere_reden'];

class Envelope {
  @IsIn(EVENT_TYPES) type: CaseEventType;
  @IsInt() @Min(1) expectedVersion: number;
}
class NoPayload extends Envelope {}
class AssignScreener extends Envelope {
  @IsUUID() screenerId: string;
}
class GiveConsent extends Envelope {
  @IsString() @Matches(/^[\w.-]{1,40}$/) consentTextVersion: string;
}
class WithDate extends Envelope {
  @IsCalendarDate() date: string;
}
class SubmitFinal extends Envelope {
  @IsIn(CONCLUSIONS) conclusion: Conclusion;
  /** Why a hoog risk without a beheersmaatregel does not make the conclusion ernstige risico's. */
  @ValidateIf((o: SubmitFinal) => o.justification !== undefined) @IsString() @MinLength(10) @MaxLength(4000) justification?: string;
}
class GiveAdvice extends Envelope {
  @IsIn(CONCLUSIONS) conclusion: Conclusion;
  /** Required when the advice differs from the screener's conclusion; stored encrypted. */
  @ValidateIf((o: GiveAdvice) => o.deviationReason !== undefined) @IsString() @MinLength(10) @MaxLength(4000) deviationReason?: string;
}
class RecordConversation extends WithDate {
  /** The risks whose beheersmaatregelen the candidate accepted in this conversation. */
  @ValidateIf((o: RecordConversation) => o.agreedRiskIds !== undefined) @IsArray() @ArrayMaxSize(100) @IsUUID('all', { each: true }) agreedRiskIds?: string[];
  /** The candidate accepted every beheersmaatregel of the report (the opdrachtgever does not see the screener's file). */
  @ValidateIf((o: RecordConversation) => o.allMeasuresAgreed !== undefined) @IsBoolean() allMeasuresAgreed?: boolean;
}
class RecordOutcome extends WithDate {
  @IsBoolean() appointed: boolean;
}
class StopCase extends Envelope {
  @IsIn(STOP_REASONS) reason: StopReason;
  @ValidateIf((o: StopCase) => o.explanation !== undefined) @IsString() @MaxLength(4000) explanation?: string;
}
class FurtherInvestigation extends Envelope {
  @IsString() @MinLength(10) @MaxLength(4000) scope: string;
}
class VogIssued extends Envelope {
  @IsCalendarDate() issueDate: string;
  @IsString() @Matches(/^[A-Za-z0-9][A-Za-z0-9 ./-]{0,39}$/) reference: string;
}

/** The payload class of each event type: the one definition the service validates with and the OpenAPI document shows. */
export const PAYLOADS: Record<CaseEventType, new () => object> = {
  ASSIGN_SCREENER: AssignScreener,
  INVITE_CANDIDATE: NoPayload,
  GIVE_CONSENT: GiveConsent,
  REFUSE_CONSENT: NoPayload,
  WITHDRAW_CONSENT: NoPayload,
  SUBMIT_QUESTIONNAIRE: NoPayload,
  COMPLETE_RESEARCH: NoPayload,
  RECORD_INTERVIEW: WithDate,
  SUBMIT_DRAFT: NoPayload,
  RESPOND_TO_FINDINGS: NoPayload,
  DECLINE_RESPONSE: NoPayload,
  SUBMIT_FINAL: SubmitFinal,
  RECORD_OPDRACHTGEVER_CONVERSATION: RecordConversation,
  REQUEST_FURTHER_INVESTIGATION: FurtherInvestigation,
  CONSENT_TO_FURTHER_INVESTIGATION: NoPayload,
  GIVE_ADVICE: GiveAdvice,
  RECORD_COUNCIL_INFORMED: WithDate,
  RECORD_OUTCOME: RecordOutcome,
  RECORD_NOT_APPOINTABLE: WithDate,
  WITHDRAW_CANDIDACY: NoPayload,
  STOP_CASE: StopCase,
  CHANGE_APPOINTMENT_DATE: WithDate,
  VOG_REQUESTED: WithDate,
  VOG_INTENDED_REFUSAL: WithDate,
  VOG_ZIENSWIJZE_SUBMITTED: WithDate,
  VOG_ISSUED: VogIssued,
  VOG_REFUSED: WithDate,
  DEADLINE_PASSED: NoPayload,
  RETENTION_EXPIRED: NoPayload,
};

const unprocessable = (errors: ReturnType<typeof flattenValidationErrors>) =>
  new AppError(
    HttpStatus.UNPROCESSABLE_ENTITY,
    'INVALID_EVENT',
    `Het verzoek is ongeldig: ${describeProblems(errors)}.`,
    errors,
  );

/** Checks type and expectedVersion; the payload is checked once the type is known to be allowed. */
export function parseEnvelope(body: unknown): { type: CaseEventType; expectedVersion: number } {
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw unprocessable([{ field: 'body', problems: [{ constraint: 'isObject', message: 'moet een object zijn' }] }]);
  const envelope = plainToInstance(Envelope, { type: (body as Envelope).type, expectedVersion: (body as Envelope).expectedVersion });
  const errors = validateSync(envelope);
  if (errors.length) throw unprocessable(flattenValidationErrors(errors));
  return envelope;
}

/** The validated payload of an event, without type and version; unknown fields are refused. */
export function parsePayload(type: CaseEventType, body: object): Record<string, unknown> {
  const instance = plainToInstance(PAYLOADS[type], body);
  const errors = validateSync(instance, { whitelist: true, forbidNonWhitelisted: true });
  if (errors.length) throw unprocessable(flattenValidationErrors(errors));
  const { type: _type, expectedVersion: _version, ...payload } = instance as unknown as Record<string, unknown>;
  return payload;
}
