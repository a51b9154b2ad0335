import type { ReportContent } from '../report-model';
import { say, subheading, type RenderContext } from './context';
import { normaliseText } from './layout';
import { columnWidths, drawTable, leadHeight, type Row } from './table';
import { label } from './template';

type Theme = ReportContent['questionnaire']['themes'][number];
type Item = Theme['items'][number];
type Summary = NonNullable<ReportContent['interview']>['summaries'][number];

/**
 * Per questionnaire theme: the candidate's own answers, then what the interview added. Sources
 * carry no theme, so their findings follow as a subsection of their own, in plain words: the
 * screener's search terms are left out.
 */
export function drawBevindingen(context: RenderContext): void {
  const { content, layout } = context;
  const number = context.sectionNumbers.bevindingen;
  let subsection = 0;
  const numbered = (title: string) => (number ? `${number}.${++subsection} ${title}` : title);
  const summaries = content.interview?.summaries ?? [];
  const themeIds = new Set(content.questionnaire.themes.map((theme) => theme.id));

  layout.paragraph(say(context, 'bevindingen', 'intro'), 'body');
  for (const theme of content.questionnaire.themes) {
    subheading(context, numbered(theme.title));
    drawAnswers(context, theme);
    drawSummaries(context, summaries.filter((summary) => summary.theme === theme.id));
  }

  const otherSummaries = summaries.filter((summary) => !themeIds.has(summary.theme));
  if (otherSummaries.length > 0) {
    // With no theme printed before it (v2 prints only what grounds a risk), these are simply what the interview brought.
    const printedThemes = content.questionnaire.themes.length > 0 || !context.template.texts.bevindingen.interviewOnlyHeading;
    subheading(context, numbered(say(context, 'bevindingen', printedThemes ? 'otherInterviewHeading' : 'interviewOnlyHeading')));
    for (const summary of otherSummaries) {
      subheading(context, label(context.template.labels.themes, summary.theme), 'heading3');
      layout.paragraph(summary.summary, 'body', { indent: 10, bar: layout.colour('accent') });
    }
  }

  subheading(context, numbered(say(context, 'bevindingen', 'sourcesHeading')));
  drawSourceFindings(context);
}

/**
 * The answers as a list of question and answer: a short answer ("Ja", a date) beside its question,
 * a longer one under it, each entry of a list answer as its own bullet.
 */
function drawAnswers(context: RenderContext, theme: Theme): void {
  const { layout } = context;
  if (theme.items.length === 0) {
    layout.paragraph(say(context, 'bevindingen', 'noAnswers'), 'bodyItalic');
    return;
  }
  const widths = columnWidths(layout, 'answers');
  const rows = theme.items.flatMap((item) => answerRows(context, item, widths));
  const table = { widths, rows, cellStyle: 'tableCell' as const, afterHeading: true };
  // The heading stays with the first question and its whole answer, which the table keeps together.
  subheading(context, say(context, 'bevindingen', 'answersHeading'), 'heading3', leadHeight(layout, table));
  drawTable(layout, table);
  layout.y += context.template.page.paragraphGap;
}

function answerRows(context: RenderContext, item: Item, widths: number[]): Row[] {
  const { layout, template } = context;
  const [padX, padY] = template.page.tables.cellPadding;
  const indented = columnWidths(layout, 'indented');
  const entries = normaliseText(item.answer).split('\n').filter((entry) => entry.trim().length > 0);
  const inline = entries.length <= 1 && layout.widthOf(entries[0] ?? '', layout.style('answer')) <= widths[1] - 2 * padX;
  const rows: Row[] = inline
    ? [{ widths, cells: [{ text: item.question }, { text: entries[0] ?? '', style: 'answer' }] }]
    : [
        { widths: [layout.width], cells: [{ text: item.question }] },
        ...entries.map((entry): Row => ({ widths: indented, cells: [{ text: entries.length > 1 ? '•' : '' }, { text: entry }] })),
      ];
  if (item.explanation) rows.push({ widths: indented, cells: [{ text: '' }, { text: say(context, 'bevindingen', 'explanation') + item.explanation }] });
  // One item reads as one block: tight inside, padded at its edges, a rule under it.
  rows.forEach((row, index) => {
    row.padding = { top: index === 0 ? padY : 1, bottom: index === rows.length - 1 ? padY : 1 };
    row.keepWithNext = index === 0 && rows.length > 1;
  });
  rows[rows.length - 1].rule = true;
  return rows;
}

function drawSummaries(context: RenderContext, summaries: Summary[]): void {
  const { layout } = context;
  if (summaries.length === 0) return;
  subheading(context, say(context, 'bevindingen', 'interviewHeading'), 'heading3');
  for (const summary of summaries) layout.paragraph(summary.summary, 'body', { indent: 10, bar: layout.colour('accent') });
}

function drawSourceFindings(context: RenderContext): void {
  const { layout, content, dates, template } = context;
  const findings = content.sources.filter((source) => source.isFinding);
  if (findings.length === 0) {
    layout.paragraph(say(context, 'bevindingen', 'noSourceFindings'), 'body');
    return;
  }
  for (const source of findings) {
    const heading = say(context, 'bevindingen', 'sourceFinding', { kind: label(template.labels.sourceKinds, source.kind), consultedOn: dates.date(source.consultedOn) });
    layout.ensure(layout.style('question').leading + layout.style('body').leading * 2);
    layout.paragraph(heading, 'question', { gapAfter: 1 });
    layout.paragraph(source.found, 'body', { gapAfter: 7 });
  }
}
