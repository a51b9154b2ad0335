import type { ReportContent } from '../report-model';
import { say, type RenderContext } from './context';
import { columnWidths, drawTable, type Row } from './table';
import { label, textGroup } from './template';

type Risk = ReportContent['risks'][number];

/** The risk register: one row per risk, its beheersmaatregelen in a tinted block under it. */
export function drawRisicoregister(context: RenderContext): void {
  const { layout, content, template } = context;
  if (content.risks.length === 0) {
    layout.paragraph(say(context, 'risicoregister', 'noRisks'), 'body');
    return;
  }
  layout.paragraph(say(context, 'risicoregister', 'intro'), 'body');
  const columns = textGroup(template.texts.risicoregister, 'columns');
  drawTable(layout, {
    widths: columnWidths(layout, 'risks'),
    cellStyle: 'tableCell',
    header: [columns.number, columns.theme, columns.description, columns.likelihood, columns.impact, columns.level].map((title) => ({ text: title, style: 'tableHeader' })),
    rows: content.risks.flatMap((risk, index) => riskRows(context, risk, index + 1)),
  });
  layout.y += template.page.paragraphGap;
}

function riskRows(context: RenderContext, risk: Risk, number: number): Row[] {
  const { layout, template, dates } = context;
  const labels = template.labels;
  const measureWidths = columnWidths(layout, 'measures');
  const tint = layout.colour('measureFill');
  const riskRow: Row = {
    keepWithNext: true,
    cells: [
      { text: String(number), style: 'tableCellStrong' },
      { text: label(labels.themes, risk.theme) },
      { text: risk.description },
      { text: label(labels.likelihoods, risk.likelihood) },
      { text: label(labels.impacts, risk.impact) },
      { text: label(labels.levels, risk.level), style: 'tableCellStrong', badge: { fill: template.colours.levels[risk.level] ?? tint, ink: template.colours.levelInk[risk.level] ?? layout.colour('text') } },
    ],
  };
  const facts = factsRow(context, risk, measureWidths[0]);
  if (risk.measures.length === 0) {
    return [riskRow, ...facts, { widths: [measureWidths[0], layout.width - measureWidths[0]], fill: tint, rule: true, cells: [{ text: '' }, { text: say(context, 'risicoregister', 'noMeasures'), style: 'measureCell' }] }];
  }
  const columns = textGroup(template.texts.risicoregister, 'measureColumns');
  const heading: Row = { widths: measureWidths, fill: tint, keepWithNext: true, cells: [{ text: '' }, ...[columns.measure, columns.who, columns.byWhen].map((text) => ({ text, style: 'measureLabel' as const }))] };
  const measures = risk.measures.map(
    (measure, index): Row => ({
      widths: measureWidths,
      fill: tint,
      rule: index === risk.measures.length - 1,
      cells: [{ text: '' }, { text: measure.measure, style: 'measureCell' }, { text: measure.who, style: 'measureCell' }, { text: dates.date(measure.byWhen), style: 'measureCell' }],
    }),
  );
  return [riskRow, ...facts, heading, ...measures];
}

/** v2: what the risk rests on — the questions answered and the sources consulted — under its row. */
function factsRow(context: RenderContext, risk: Risk, indent: number): Row[] {
  const { layout, template, dates } = context;
  const facts = risk.facts;
  if (!facts || facts.answers.length + facts.sources.length === 0) return [];
  const parts = [
    ...facts.answers.map((question) => say(context, 'risicoregister', 'factAnswer', { question })),
    ...facts.sources.map((source) => say(context, 'risicoregister', 'factSource', { kind: label(template.labels.sourceKinds, source.kind), date: dates.date(source.consultedOn) })),
  ];
  return [{ widths: [indent, layout.width - indent], keepWithNext: true, cells: [{ text: '' }, { text: say(context, 'risicoregister', 'facts', { facts: parts.join('; ') }), style: 'measureCell' }] }];
}
