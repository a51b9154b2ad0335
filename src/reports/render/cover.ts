import { fill } from '../../common/templates';
import { keyValues, notice, type RenderContext } from './context';

/** The cover: what this is, for whom, about whom, and the warnings a reader must see first. */
export function drawCover(context: RenderContext): void {
  const { layout, template, content, binding, dates, values } = context;
  const cover = template.cover;
  const mark = layout.style('coverMark');
  layout.y = layout.top + 24;
  layout.struct('P', () => layout.drawLine(cover.mark, layout.left, layout.y, mark));
  layout.y += mark.leading + 4;
  layout.rule(layout.left, layout.right, layout.y, layout.colour('confidential'), 1.5);

  layout.y += 96;
  // The document's title: the one H1 above the numbered sections' own.
  layout.paragraph(fill(cover.title, values), 'coverTitle', { gapAfter: 4, tag: 'H1' });
  layout.paragraph(fill(cover.subtitle, values), 'coverSubtitle', { gapAfter: 40 });

  const fields = cover.fields;
  keyValues(
    context,
    [
      [fields.organisation, content.organisation.name],
      [fields.office, fill(cover.officeValue, values)],
      [fields.candidate, content.candidate.name],
      [fields.reference, content.case.reference],
      [fields.date, dates.date(binding.generatedAt)],
      [fields.version, fill(cover.versionValue, values)],
    ],
    'valueStrong',
  );

  layout.gap(28);
  if (binding.signer.testCertificate) notice(context, cover.testCertificateTitle, fill(cover.testCertificate, values), { fill: 'noticeFill', border: 'noticeBorder' });
  notice(context, cover.confidentialityTitle, fill(cover.confidentiality, values), { fill: 'signatureFill', border: 'rule' });
}
