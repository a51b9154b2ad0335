import { readTemplate } from '../../common/templates';
import { shareShapingOf, type FontRole } from './fonts';

export interface TextStyle {
  font: FontRole;
  size: number;
  /** Distance between baselines of consecutive lines, in points. */
  leading: number;
  /** A key of `colours`. */
  colour: string;
}

export type StyleName =
  | 'body' | 'bodyItalic' | 'verbatim' | 'question' | 'small' | 'label' | 'value' | 'valueStrong'
  | 'heading1' | 'heading2' | 'heading3' | 'tableHeader' | 'tableCell' | 'tableCellStrong' | 'measureCell' | 'measureLabel'
  | 'header' | 'headerRight' | 'footer' | 'coverMark' | 'coverTitle' | 'coverSubtitle' | 'notice' | 'noticeTitle'
  | 'conclusionLabel' | 'conclusion' | 'answer'
  | 'verificationCode' | 'mono' | 'heatmapCount' | 'heatmapNumbers' | 'heatmapAxis' | 'heatmapAxisTitle' | 'caption' | 'signatureTitle';

export type SectionId =
  | 'opdracht' | 'werkwijze' | 'vog' | 'vereisten' | 'bevindingen' | 'risicoregister' | 'heatmap' | 'wederhoor'
  | 'conclusie' | 'advies' | 'uitkomst' | 'ondertekening' | 'procesverloop' | 'verificatie';

export interface SectionSpec {
  id: SectionId;
  heading: string;
  /** Numbered sections get "1", "2", ...; appendices carry their letter in the heading itself. */
  numbered: boolean;
  newPage?: boolean;
  /** 2 for a part that belongs to the chapter before it (the heatmap under the register). */
  level?: 1 | 2;
}

export type TableName = 'keyValue' | 'answers' | 'indented' | 'sources' | 'risks' | 'measures' | 'trail';

type Texts = Record<string, string>;
type TextGroup = Record<string, string | Texts>;

/** templates/report/v<N>.nl.json: every word the reader sees and every measure of the layout. */
export interface ReportTemplate {
  version: string;
  language: string;
  page: {
    size: [number, number];
    margins: { top: number; bottom: number; left: number; right: number };
    /** Top of the running header line, in points from the top edge. */
    headerTop: number;
    /** Top of the running footer line, in points from the top edge. */
    footerTop: number;
    paragraphGap: number;
    sectionGap: number;
    /** Column widths as weights, scaled to the body width; cellPadding is [horizontal, vertical]. */
    tables: { cellPadding: [number, number] } & Record<TableName, number[]>;
  };
  colours: Record<string, string> & { levels: Record<string, string>; levelInk: Record<string, string> };
  styles: Record<StyleName, TextStyle>;
  header: { left: string; right: string };
  footer: { left: string; right: string };
  metadata: { title: string; subject: string; creator: string; producer: string };
  formats: { date: string; dateShort: string; dateTime: string; dateTimeShort: string; months: string[] };
  cover: Texts & { fields: Texts };
  sections: SectionSpec[];
  /** The texts of the sections the version has (v1 has no `vereisten` or `uitkomst`, v2 no `vog`). */
  texts: Partial<Record<SectionId, TextGroup>> & Record<'opdracht' | 'werkwijze' | 'bevindingen' | 'risicoregister' | 'heatmap' | 'wederhoor' | 'conclusie' | 'advies' | 'ondertekening' | 'procesverloop' | 'verificatie', TextGroup>;
  labels: {
    sourceKinds: Texts;
    themes: Texts;
    likelihoods: Texts;
    impacts: Texts;
    levels: Texts;
    conclusions: Texts;
    /** v2: the advice's own wording (only the advice may say "benoeming afgeraden"); v1 uses `conclusions`. */
    adviceConclusions?: Texts;
    /** v2: how a case ended. */
    outcomes?: Texts;
    wederhoor: Texts;
    vogStatus?: Texts;
    phases: Texts;
    events: Texts;
  };
}

const cache = new Map<string, ReportTemplate>();

/** The report template of a version; read and parsed once per process, since rendering is hot. */
export function reportTemplate(version: string): ReportTemplate {
  // The version names a file: only plain numbers, so content can never point outside templates/report/.
  if (!/^\d{1,4}$/.test(version)) throw new Error(`invalid report template version "${version}"`);
  let template = cache.get(version);
  if (!template) {
    template = readTemplate<ReportTemplate>(`report/v${version}.nl.json`);
    if (template.version !== version) throw new Error(`templates/report/v${version}.nl.json declares version ${template.version}`);
    shareShapingOf(stringsOf(template));
    cache.set(version, template);
  }
  return template;
}

function* stringsOf(value: unknown): Generator<string> {
  if (typeof value === 'string') yield value;
  else if (Array.isArray(value)) for (const item of value) yield* stringsOf(item);
  else if (typeof value === 'object' && value !== null) for (const item of Object.values(value)) yield* stringsOf(item);
}

/** A text of a section group; a missing key shows itself instead of failing the whole report. */
export function text(group: TextGroup, key: string): string {
  const value = group[key];
  return typeof value === 'string' ? value : `[${key}]`;
}

export function textGroup(group: TextGroup, key: string): Texts {
  const value = group[key];
  return typeof value === 'object' && value !== null ? value : {};
}

/** A label for a code; an unknown code is shown as itself, so a new event type never breaks a report. */
export function label(labels: Texts, code: string): string {
  return Object.prototype.hasOwnProperty.call(labels, code) ? labels[code] : code;
}
