import { keyValues, say, subheading, type RenderContext } from './context';
import { columnWidths, drawTable } from './table';
import { label, textGroup } from './template';

/** Bijlage A: who did what when, from the audit trail, in Dutch clock time. */
export function drawProcesverloop(context: RenderContext): void {
  const { layout, content, dates, template } = context;
  if (content.trail.length === 0) {
    layout.paragraph(say(context, 'procesverloop', 'empty'), 'body');
    return;
  }
  layout.paragraph(say(context, 'procesverloop', 'intro'), 'body');
  const columns = textGroup(template.texts.procesverloop, 'columns');
  const zebra = layout.colour('tableZebraFill');
  drawTable(layout, {
    widths: columnWidths(layout, 'trail'),
    cellStyle: 'tableCell',
    header: [columns.number, columns.at, columns.actor, columns.event].map((title) => ({ text: title, style: 'tableHeader' })),
    rows: content.trail.map((entry, index) => ({
      fill: index % 2 === 1 ? zebra : undefined,
      cells: [{ text: String(entry.sequence) }, { text: dates.dateTimeShort(entry.at) }, { text: entry.actor }, { text: label(template.labels.events, entry.event) }],
    })),
  });
}

/** Bijlage B: everything needed to check the report, the verification code large enough to read out. */
export function drawVerificatie(context: RenderContext): void {
  const { layout, binding, dates, template } = context;
  const fields = textGroup(template.texts.verificatie, 'fields');
  layout.paragraph(say(context, 'verificatie', 'intro'), 'body');

  const code = layout.style('verificationCode');
  layout.ensure(layout.style('label').leading + code.leading + 12);
  layout.paragraph(say(context, 'verificatie', 'codeLabel'), 'label', { gapAfter: 0 });
  layout.paragraph(binding.verificationCode, 'verificationCode', { gapAfter: 10 });

  const none = say(context, 'verificatie', 'none');
  keyValues(
    context,
    [
      [fields.reportId, binding.reportId],
      [fields.version, String(binding.version)],
      [fields.generatedAt, dates.dateTime(binding.generatedAt)],
      [fields.contentSha256, binding.contentSha256],
      [fields.auditHead, binding.auditHead ? say(context, 'verificatie', 'auditHeadValue', { sequence: binding.auditHead.sequence, hash: binding.auditHead.hash }) : say(context, 'verificatie', 'noAuditHead')],
      [fields.machine, say(context, 'verificatie', 'machineValue', { id: binding.machine.id, version: binding.machine.version })],
      [fields.questionnaireVersion, binding.questionnaireVersion],
      [fields.consentTextVersion, binding.consentTextVersion ?? none],
      [fields.templateVersion, binding.templateVersion],
    ],
    'mono',
  );

  subheading(context, say(context, 'verificatie', 'howHeading'), 'heading3');
  for (const step of say(context, 'verificatie', 'how').split('\n')) layout.paragraph(step, 'body');
}
