import { basisscanVersion } from '../../../workflows';
import type { ReportContent } from '../report-model';
import { citation, keyValues, notice, say, subheading, type RenderContext } from './context';
import { label, text, textGroup } from './template';
import { columnWidths, drawTable } from './table';

export function drawOpdracht(context: RenderContext): void {
  const { layout, content, dates, template } = context;
  const fields = textGroup(template.texts.opdracht, 'fields');
  const variant = content.variant;
  const dated = { commissionedAt: dates.date(content.case.commissionedAt), plannedAppointmentDate: dates.date(content.case.plannedAppointmentDate) };
  layout.paragraph(say(context, 'opdracht', 'intro', dated), 'body');
  keyValues(context, [
    [fields.commissionedBy, say(context, 'opdracht', 'commissionedByValue', { name: content.commissionedBy.name })],
    [fields.commissionedAt, dates.date(content.case.commissionedAt)],
    [fields.screener, content.screener?.name ?? say(context, 'opdracht', 'noScreener')],
    [fields.plannedAppointmentDate, dates.date(content.case.plannedAppointmentDate)],
    [fields.phase, label(template.labels.phases, content.case.phase)],
  ]);

  subheading(context, say(context, 'opdracht', 'legalHeading'));
  const citations = { integrityDuty: citation(context, variant.integrityDuty), vogRequirement: citation(context, variant.vogRequirement), riskAnalysisDuty: citation(context, variant.riskAnalysisDuty) };
  layout.paragraph(say(context, 'opdracht', 'legal', citations), 'body');
  const legal = textGroup(template.texts.opdracht, 'legalFields');
  // v2 names only what is law: the bill on the risk analysis is left out until it is in force.
  keyValues(context, [
    [legal.integrityDuty, citations.integrityDuty],
    [legal.vogRequirement, citations.vogRequirement],
    [legal.riskAnalysisDuty ?? '', legal.riskAnalysisDuty ? citations.riskAnalysisDuty : null],
  ]);
}

export function drawWerkwijze(context: RenderContext): void {
  const { layout, content, dates, template } = context;
  const fields = textGroup(template.texts.werkwijze, 'fields');
  const { consent } = content.case;
  const questionnaire = { title: content.questionnaire.title, version: content.case.questionnaireVersion };
  layout.paragraph(say(context, 'werkwijze', 'method'), 'body');
  layout.paragraph(say(context, 'werkwijze', 'steps'), 'body');
  keyValues(context, [
    [fields.consent, consent ? say(context, 'werkwijze', 'consentValue', { at: dates.date(consent.at), textVersion: consent.textVersion }) : say(context, 'werkwijze', 'noConsent')],
    [
      fields.questionnaire,
      content.questionnaire.submittedAt
        ? say(context, 'werkwijze', 'questionnaireValue', { ...questionnaire, submittedAt: dates.date(content.questionnaire.submittedAt) })
        : say(context, 'werkwijze', 'questionnaireNotSubmitted', questionnaire),
    ],
    [fields.interview, content.interview ? say(context, 'werkwijze', 'interviewValue', { heldOn: dates.date(content.interview.heldOn) }) : say(context, 'werkwijze', 'noInterview')],
    [fields.participants, content.interview && content.interview.participants.length > 0 ? content.interview.participants.join('\n') : null],
  ]);

  if (template.texts.werkwijze.limits) {
    subheading(context, say(context, 'werkwijze', 'limitsHeading'));
    layout.paragraph(say(context, 'werkwijze', 'limits'), 'body');
    keyValues(context, [[say(context, 'werkwijze', 'peildatumLabel'), content.peildatum ? say(context, 'werkwijze', 'peildatumValue', { date: dates.date(content.peildatum) }) : say(context, 'werkwijze', 'peildatumDraft')]]);
  }

  subheading(context, say(context, 'werkwijze', 'sourcesHeading'));
  if (content.sources.length === 0) {
    layout.paragraph(say(context, 'werkwijze', 'noSources'), 'body');
    return;
  }
  const findings = content.sources.filter((source) => source.isFinding).length;
  layout.paragraph(say(context, 'werkwijze', 'sourcesIntro', { count: content.sources.length, findings, findingsSection: context.sectionNumbers.bevindingen ?? '' }), 'body');
  const columns = textGroup(template.texts.werkwijze, 'sourceColumns');
  drawTable(layout, {
    widths: columnWidths(layout, 'sources'),
    cellStyle: 'tableCell',
    header: [columns.number, columns.kind, columns.consultedOn, columns.result].map((title) => ({ text: title, style: 'tableHeader' })),
    rows: content.sources.map((source, index) => ({
      cells: [
        { text: String(index + 1) },
        { text: label(template.labels.sourceKinds, source.kind) },
        { text: dates.date(source.consultedOn) },
        { text: say(context, 'werkwijze', source.isFinding ? 'sourceFinding' : 'sourceNoFinding'), style: source.isFinding ? 'tableCellStrong' : 'tableCell' },
      ],
      rule: true,
    })),
  });
}

/** The VOG's status as the dates show it: a later step in Justis' procedure overrides an earlier one. */
export function vogStatus(vog: ReportContent['vog']): string {
  if (vog.refusedDate) return 'geweigerd';
  if (vog.issueDate) return 'afgegeven';
  if (vog.zienswijzeDate) return 'zienswijze';
  if (vog.intendedRefusalDate) return 'voornemenTotWeigering';
  if (vog.requestedDate) return 'aangevraagd';
  return 'nietAangevraagd';
}

export function drawVog(context: RenderContext): void {
  const { layout, content, dates, template } = context;
  const fields = textGroup(template.texts.vog ?? {}, 'fields');
  const { vog } = content;
  const optional = (value: string | null) => (value ? dates.date(value) : null);
  const validity = { date: dates.date(content.case.plannedAppointmentDate), months: vog.maxAgeMonths };
  const valid = vog.validForAppointment === null ? 'unknown' : vog.validForAppointment ? 'valid' : 'invalid';
  if (basisscanVersion(content.case.machine.version).vogAtAppointment) {
    // 2.0.0: the VOG is checked at the benoeming; the report says at most that a valid one is there.
    layout.paragraph(vog.validForAppointment ? say(context, 'vog', 'presentAndValid', validity) : say(context, 'vog', 'atAppointment'), 'body');
    return;
  }
  layout.paragraph(say(context, 'vog', 'intro'), 'body');
  keyValues(context, [
    [fields.status, label(template.labels.vogStatus ?? {}, vogStatus(vog))],
    [fields.requestedDate, vog.requestedDate ? dates.date(vog.requestedDate) : say(context, 'vog', 'notApplicable')],
    [fields.intendedRefusalDate, optional(vog.intendedRefusalDate)],
    [fields.zienswijzeDate, optional(vog.zienswijzeDate)],
    [fields.issueDate, vog.issueDate ? dates.date(vog.issueDate) : vog.refusedDate ? null : say(context, 'vog', 'notApplicable')],
    [fields.refusedDate, optional(vog.refusedDate)],
    [fields.maxAge, say(context, 'vog', 'maxAgeValue', { months: vog.maxAgeMonths, citation: citation(context, content.variant.vogRequirement) })],
    [fields.valid, say(context, 'vog', valid, validity)],
  ]);
}

export function drawWederhoor(context: RenderContext): void {
  const { layout, content, dates, template } = context;
  const wederhoor = content.wederhoor;
  if (!wederhoor) {
    layout.paragraph(say(context, 'wederhoor', 'notYet'), 'body');
    return;
  }
  const fields = textGroup(template.texts.wederhoor, 'fields');
  layout.paragraph(say(context, 'wederhoor', 'intro'), 'body');
  keyValues(context, [
    [fields.how, label(template.labels.wederhoor, wederhoor.how)],
    [fields.at, dates.date(wederhoor.at)],
  ]);
  if (wederhoor.how !== 'gereageerd') return;
  subheading(context, say(context, 'wederhoor', 'responseHeading'), 'heading3');
  if (wederhoor.response && wederhoor.response.trim()) {
    layout.paragraph(wederhoor.response, 'verbatim', { indent: 12, bar: layout.colour('rule') });
  } else {
    layout.paragraph(say(context, 'wederhoor', 'noResponse'), 'body');
  }
}

/** A conclusion as a framed statement, the one thing in its section a reader must not miss. */
function conclusionBox(context: RenderContext, title: string, conclusion: string): void {
  notice(context, title, conclusion, { fill: 'signatureFill', border: 'signatureBorder', title: 'conclusionLabel', body: 'conclusion' });
}

export function drawConclusie(context: RenderContext): void {
  const { layout, content, template } = context;
  const conclusion = content.screenerConclusion;
  if (!conclusion) {
    layout.paragraph(say(context, 'conclusie', 'none'), 'body');
    return;
  }
  conclusionBox(context, say(context, 'conclusie', conclusion.final ? 'final' : 'draft'), label(template.labels.conclusions, conclusion.conclusion));
  if (!conclusion.final) layout.paragraph(say(context, 'conclusie', 'draftNote'), 'bodyItalic');
  if (conclusion.explanation.trim()) {
    subheading(context, say(context, 'conclusie', 'explanationHeading'), 'heading3');
    layout.paragraph(conclusion.explanation, 'body');
  }
}

export function drawAdvies(context: RenderContext): void {
  const { layout, content, dates, template } = context;
  const advice = content.advice;
  if (!advice) {
    layout.paragraph(say(context, 'advies', 'none'), 'body');
    return;
  }
  layout.paragraph(say(context, 'advies', 'given', { at: dates.date(advice.at) }), 'body');
  conclusionBox(context, say(context, 'advies', 'title'), label(template.labels.adviceConclusions ?? template.labels.conclusions, advice.conclusion));
  layout.paragraph(say(context, 'advies', advice.deviatesFromScreener ? 'deviates' : 'agrees'), advice.deviatesFromScreener ? 'valueStrong' : 'body');
  layout.paragraph(say(context, 'advies', 'general'), 'body');
}

/** The signature block; its rectangle becomes the signature widget, so a PDF reader's signature panel points at it. */
export function drawOndertekening(context: RenderContext): void {
  const { layout, binding, dates, template } = context;
  const fields = textGroup(template.texts.ondertekening, 'fields');
  layout.paragraph(say(context, 'ondertekening', 'intro'), 'body');
  const pad = 10;
  const titleStyle = layout.style('signatureTitle');
  const labelStyle = layout.style('label');
  const valueStyle = layout.style('valueStrong');
  const labelWidth = columnWidths(layout, 'keyValue')[0] - pad;
  const valueWidth = layout.width - 2 * pad - labelWidth;
  const pairs = [
    [fields.name, binding.signer.name],
    [fields.role, binding.signer.role],
    [fields.at, dates.dateTime(binding.generatedAt)],
    [fields.reason, binding.reason],
  ].map(([key, value]) => ({ key, lines: layout.wrap(value, valueStyle, valueWidth) }));
  const warning = binding.signer.testCertificate ? layout.wrap(template.cover.testCertificate, layout.style('small'), layout.width - 2 * pad) : [];
  const small = layout.style('small');
  const height =
    2 * pad + titleStyle.leading + 4 + pairs.reduce((sum, pair) => sum + pair.lines.length * valueStyle.leading, 0) + (warning.length ? 6 + warning.length * small.leading : 0);
  layout.ensure(height);
  const rect = { x: layout.left, y: layout.y, width: layout.width, height };
  layout.rect(rect, layout.colour('signatureFill'), layout.colour('signatureBorder'), 3);
  let y = rect.y + pad;
  layout.struct('Div', () => {
    layout.struct('P', () => layout.drawLine(text(template.texts.ondertekening, 'blockTitle'), rect.x + pad, y, titleStyle));
    y += titleStyle.leading + 4;
    for (const pair of pairs) {
      layout.struct('P', () => {
        layout.drawLine(pair.key, rect.x + pad, y, labelStyle);
        for (const line of pair.lines) {
          layout.drawLine(line, rect.x + pad + labelWidth, y, valueStyle);
          y += valueStyle.leading;
        }
      });
    }
    if (warning.length) y += 6;
    layout.struct('P', () => {
      for (const line of warning) {
        layout.drawLine(line, rect.x + pad, y, small);
        y += small.leading;
      }
    });
  });
  layout.y = rect.y + height + template.page.paragraphGap;
  context.signatureBlock = { pageIndex: layout.pageIndex, rect };
}

/** v2: the law's requirements of the benoeming, apart from the risks: met or open, the VOG at most "present and valid on [date]". */
export function drawVereisten(context: RenderContext): void {
  const { layout, content, dates, template } = context;
  const columns = textGroup(template.texts.vereisten ?? {}, 'columns');
  const variant = content.variant;
  const cited = { vogRequirement: citation(context, variant.vogRequirement), integrityDuty: citation(context, variant.integrityDuty) };
  const finalAt = content.screenerConclusion?.final ? content.peildatum : null;
  layout.paragraph(say(context, 'vereisten', 'intro'), 'body');
  const vogMet = !!(content.vog.validForAppointment && content.vog.issueDate);
  const validOn = content.outcome?.outcome === 'benoemd' ? content.outcome.date : content.case.plannedAppointmentDate;
  const rows: [string, string, boolean][] = [
    [say(context, 'vereisten', 'vog', cited), vogMet ? say(context, 'vereisten', 'vogPresent', { date: dates.date(validOn) }) : say(context, 'vereisten', 'vogOpen'), vogMet],
    [say(context, 'vereisten', 'analysis', cited), finalAt ? say(context, 'vereisten', 'analysisDone', { date: dates.date(finalAt) }) : say(context, 'vereisten', 'analysisOpen'), !!finalAt],
    [say(context, 'vereisten', 'benoembaarheid'), say(context, 'vereisten', 'benoembaarheidValue'), false],
  ];
  drawTable(layout, {
    widths: columnWidths(layout, 'keyValue'),
    cellStyle: 'tableCell',
    header: [columns.requirement, columns.status].map((title) => ({ text: title, style: 'tableHeader' })),
    rows: rows.map(([requirement, status, met]) => ({ cells: [{ text: requirement }, { text: status, style: met ? 'tableCellStrong' : 'tableCell' }], rule: true })),
  });
  layout.y += template.page.paragraphGap;
}

/** v2: how the case ended, and when the raad was informed. */
export function drawUitkomst(context: RenderContext): void {
  const { layout, content, dates, template } = context;
  const fields = textGroup(template.texts.uitkomst ?? {}, 'fields');
  const outcome = content.outcome;
  if (!outcome) layout.paragraph(say(context, 'uitkomst', 'none'), 'body');
  keyValues(context, [
    [fields.outcome, outcome ? label(template.labels.outcomes ?? {}, outcome.outcome) : null],
    [fields.date, outcome ? dates.date(outcome.date) : null],
    [fields.councilInformed, content.councilInformedDate ? dates.date(content.councilInformedDate) : say(context, 'uitkomst', 'councilNotYet')],
  ]);
}
