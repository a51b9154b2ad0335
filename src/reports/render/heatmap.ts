import { DEFAULT_RISK_MATRIX, IMPACTS, LIKELIHOODS, type Impact, type Likelihood, type RiskMatrix } from '../../../workflows/risk';
import { say, type RenderContext } from './context';
import type { Layout } from './layout';
import { label } from './template';

const CELL_WIDTH = 104;
const CELL_HEIGHT = 50;
const AXIS_LABEL_WIDTH = 74;
const CELL_GAP = 2;
const MAX_NUMBER_LINES = 2;
const EMPTY_CELL_OPACITY = 0.4;

/** Risk numbers (1-based, as in the register) per likelihood × impact cell. */
export function riskNumbersByCell(risks: { likelihood: Likelihood; impact: Impact }[]): Map<string, number[]> {
  const cells = new Map<string, number[]>();
  risks.forEach((risk, index) => {
    const key = `${risk.likelihood}/${risk.impact}`;
    cells.set(key, [...(cells.get(key) ?? []), index + 1]);
  });
  return cells;
}

/**
 * The 3 × 3 kans × impact figure: cells coloured by the level the matrix gives them, each with the
 * number of risks in it and their register numbers. Likelihood rises upwards, impact to the right,
 * as risk matrices are usually read.
 */
export function drawHeatmap(context: RenderContext, matrix: RiskMatrix = DEFAULT_RISK_MATRIX): void {
  const { layout, template } = context;
  const axis = layout.style('heatmapAxis');
  const axisTitle = layout.style('heatmapAxisTitle');
  const captionLines = layout.wrap(say(context, 'heatmap', 'caption'), layout.style('caption'), layout.width);
  const gridHeight = LIKELIHOODS.length * CELL_HEIGHT;
  const height = axisTitle.leading + gridHeight + axis.leading + axisTitle.leading + 10 + axis.leading + 8 + captionLines.length * layout.style('caption').leading;
  layout.ensure(height);
  const top = layout.y;
  // One figure with a text alternative: a screen reader hears the counts per cell, not loose numbers.
  let below = top;
  layout.figure(heatmapAlt(context, matrix), () => (below = drawFigure(context, matrix, top)));

  layout.y = below;
  layout.struct('Caption', () =>
    captionLines.forEach((line) => {
      layout.drawLine(line, layout.left, layout.y, layout.style('caption'));
      layout.y += layout.style('caption').leading;
    }),
  );
  layout.y += template.page.paragraphGap;
}

/** The Dutch text alternative of the heatmap: every cell with risks, with its count and register numbers. */
export function heatmapAlt(context: RenderContext, matrix: RiskMatrix = DEFAULT_RISK_MATRIX): string {
  const labels = context.template.labels;
  const numbers = riskNumbersByCell(context.content.risks);
  const cells: string[] = [];
  for (const likelihood of [...LIKELIHOODS].reverse()) {
    for (const impact of IMPACTS) {
      const inCell = numbers.get(`${likelihood}/${impact}`) ?? [];
      if (inCell.length === 0) continue;
      const values = {
        likelihood: label(labels.likelihoods, likelihood),
        impact: label(labels.impacts, impact),
        level: label(labels.levels, matrix[likelihood][impact]),
        count: inCell.length,
        numbers: inCell.join(', '),
      };
      cells.push(say(context, 'heatmap', 'altCellNumbers', values));
    }
  }
  cells.push(say(context, 'heatmap', 'altRest'));
  return say(context, 'heatmap', 'alt', { count: context.content.risks.length, cells: cells.join(' ') });
}

/** Draws the grid, axes and legend; returns where the caption starts. */
function drawFigure(context: RenderContext, matrix: RiskMatrix, top: number): number {
  const { layout, template, content } = context;
  const labels = template.labels;
  const axis = layout.style('heatmapAxis');
  const axisTitle = layout.style('heatmapAxisTitle');
  const gridHeight = LIKELIHOODS.length * CELL_HEIGHT;
  const gridLeft = layout.left + AXIS_LABEL_WIDTH;
  const gridTop = top + axisTitle.leading;
  layout.drawLine(say(context, 'heatmap', 'likelihoodAxis'), layout.left, top, axisTitle);
  const numbers = riskNumbersByCell(content.risks);

  [...LIKELIHOODS].reverse().forEach((likelihood, row) => {
    const y = gridTop + row * CELL_HEIGHT;
    layout.drawLine(label(labels.likelihoods, likelihood), layout.left, y + (CELL_HEIGHT - axis.leading) / 2, axis);
    IMPACTS.forEach((impact, column) => {
      const x = gridLeft + column * CELL_WIDTH;
      drawCell(context, x, y, matrix[likelihood][impact], numbers.get(`${likelihood}/${impact}`) ?? []);
    });
  });

  const axisY = gridTop + gridHeight + 2;
  IMPACTS.forEach((impact, column) => layout.drawLineCentred(label(labels.impacts, impact), gridLeft + column * CELL_WIDTH + CELL_WIDTH / 2, axisY, axis));
  layout.drawLineCentred(say(context, 'heatmap', 'impactAxis'), gridLeft + (IMPACTS.length * CELL_WIDTH) / 2, axisY + axis.leading, axisTitle);

  const legendY = axisY + axis.leading + axisTitle.leading + 10;
  drawLegend(context, legendY);
  return legendY + axis.leading + 8;
}

function drawCell(context: RenderContext, x: number, y: number, level: string, numbers: number[]): void {
  const { layout, template } = context;
  const count = layout.style('heatmapCount');
  const small = layout.style('heatmapNumbers');
  const width = CELL_WIDTH - CELL_GAP;
  const height = CELL_HEIGHT - CELL_GAP;
  const ink = template.colours.levelInk[level] ?? layout.colour('text');
  // An empty cell shows its level faintly, so the eye goes to where the risks are.
  layout.rect({ x, y, width, height }, template.colours.levels[level] ?? layout.colour('tableZebraFill'), undefined, 0, numbers.length ? 1 : EMPTY_CELL_OPACITY);
  const centre = x + width / 2;
  const lines = numbers.length ? cellNumberLines(layout, say(context, 'heatmap', 'numbersPrefix') + numbers.join(', '), width - 8) : [];
  const blockHeight = count.leading + lines.length * small.leading;
  let lineY = y + (height - blockHeight) / 2;
  layout.drawLineCentred(String(numbers.length), centre, lineY, count, numbers.length ? ink : layout.colour('muted'));
  lineY += count.leading;
  for (const line of lines) {
    layout.drawLineCentred(line, centre, lineY, small, ink);
    lineY += small.leading;
  }
}

/** Register numbers in a cell, cut short with an ellipsis when there are more than the cell can show. */
function cellNumberLines(layout: Layout, text: string, width: number): string[] {
  const style = layout.style('heatmapNumbers');
  const lines = layout.wrap(text, style, width);
  if (lines.length <= MAX_NUMBER_LINES) return lines;
  const kept = lines.slice(0, MAX_NUMBER_LINES);
  kept[MAX_NUMBER_LINES - 1] = layout.fitLine(`${kept[MAX_NUMBER_LINES - 1].replace(/,?\s*$/, '')} …`, style, width);
  return kept;
}

function drawLegend(context: RenderContext, y: number): void {
  const { layout, template } = context;
  const axis = layout.style('heatmapAxis');
  let x = layout.left + AXIS_LABEL_WIDTH;
  const legend = say(context, 'heatmap', 'legend');
  layout.drawLine(legend, x, y, axis);
  x += layout.widthOf(legend, axis) + 8;
  for (const [level, text] of Object.entries(template.labels.levels)) {
    layout.rect({ x, y: y + 2, width: 10, height: axis.leading - 4 }, template.colours.levels[level] ?? layout.colour('rule'));
    layout.drawLine(text, x + 14, y, axis);
    x += 14 + layout.widthOf(text, axis) + 14;
  }
}
