import { EntityManager } from 'typeorm';

/**
 * The processing activities a candidate's data goes through, each with the legal basis that applies
 * until the organisation's FG sets its own (process.md, "Confidentiality and retention", second
 * edition: the public task for the screening, their own ground for criminal data, consent only for
 * what is genuinely optional). Every default is "te bevestigen".
 */
export const PROCESSING_ACTIVITIES = [
  {
    id: 'screening',
    name: 'Risicoanalyse integriteit (basisscan)',
    defaultBasis:
      'Taak van algemeen belang (AVG art. 6 lid 1 onder e): de burgemeester bevordert de bestuurlijke integriteit (Gemeentewet art. 170 lid 2; voor provincie, waterschap en openbaar lichaam de vergelijkbare bepaling). Te bevestigen door de FG; na inwerkingtreding van wet 36892 de plicht uit die wet.',
  },
  {
    id: 'criminal_data',
    name: 'Vragen over justitiële antecedenten',
    defaultBasis: 'Strafrechtelijke gegevens: AVG art. 10 met de Uitvoeringswet AVG. Welke grond van de UAVG precies geldt, is te bevestigen door de FG.',
  },
  {
    id: 'vog_check',
    name: 'Controle VOG',
    defaultBasis: 'Wettelijke plicht (AVG art. 6 lid 1 onder c): de VOG bij de benoeming (Gemeentewet art. 36a lid 2; Stb. 2022, 444). Alleen status en data, nooit de inhoud. Te bevestigen door de FG.',
  },
  {
    id: 'reporting',
    name: 'Rapportage aan de opdrachtgever',
    defaultBasis: 'Taak van algemeen belang (AVG art. 6 lid 1 onder e), zoals de risicoanalyse zelf. Te bevestigen door de FG.',
  },
  {
    id: 'voluntary',
    name: 'Vrijwillige onderdelen',
    defaultBasis: 'Toestemming (AVG art. 6 lid 1 onder a), alleen voor wat echt vrijwillig is, zoals uw accounts op sociale media. U kunt deze toestemming op elk moment intrekken. Te bevestigen door de FG.',
  },
  {
    id: 'destruction',
    name: 'Vernietiging',
    defaultBasis: 'AVG art. 5 lid 1 onder e en art. 17: gegevens niet langer bewaren dan nodig.',
  },
] as const;

export type ActivityId = (typeof PROCESSING_ACTIVITIES)[number]['id'];
export const ACTIVITY_IDS = PROCESSING_ACTIVITIES.map((a) => a.id) as ActivityId[];

export interface LegalBasis {
  activity: ActivityId;
  name: string;
  legalBasis: string;
  /** "fg": set by the organisation (on its FG's word); "standaard": the product's default, to be confirmed. */
  setBy: 'fg' | 'standaard';
}

/** The legal basis per processing activity for one organisation: its own where set, else the default. */
export async function legalBasesOf(manager: EntityManager, organisationId: string): Promise<LegalBasis[]> {
  const rows: { activity_id: string; legal_basis: string }[] = await manager.query('SELECT activity_id, legal_basis FROM privacy_legal_bases WHERE organisation_id = $1', [organisationId]);
  const own = new Map(rows.map((r) => [r.activity_id, r.legal_basis]));
  return PROCESSING_ACTIVITIES.map((a) => ({
    activity: a.id,
    name: a.name,
    legalBasis: own.get(a.id) ?? a.defaultBasis,
    setBy: own.has(a.id) ? 'fg' : 'standaard',
  }));
}
