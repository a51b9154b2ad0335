import type { Layout } from './layout';
import type { StyleName, TableName, TextStyle } from './template';

export interface Cell {
  text: string;
  style?: StyleName;
  /** Draws the cell's first line on a coloured pill (the risk level). */
  badge?: { fill: string; ink: string };
}

export interface Row {
  cells: Cell[];
  /** Column widths of this row when they differ from the table's (measures under a risk). */
  widths?: number[];
  fill?: string;
  /** Keep this row on the page of the next one, when the two fit on one page. */
  keepWithNext?: boolean;
  /** A rule under the row. */
  rule?: boolean;
  /** Vertical padding when it differs from the table's, e.g. to bind a question to its answer. */
  padding?: { top: number; bottom: number };
}

export interface Table {
  widths: number[];
  header?: Cell[];
  rows: Row[];
  cellStyle: StyleName;
  /**
   * A heading above already kept leadHeight() with it where a page allows; when even a fresh page
   * cannot hold heading and first group together, the group starts here rather than strand the heading.
   */
  afterHeading?: boolean;
}

interface PreparedCell {
  lines: string[];
  style: TextStyle;
  badge?: Cell['badge'];
}

interface PreparedRow {
  row: Row;
  widths: number[];
  cells: PreparedCell[];
  padding: { top: number; bottom: number };
  height: number;
}

const MIN_SPLIT_LINES = 2;

/** Column widths of a table in the template, scaled to the body width. */
export function columnWidths(layout: Layout, table: TableName): number[] {
  const weights = layout.template.page.tables[table];
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  return weights.map((weight) => (weight / total) * layout.width);
}

/**
 * Draws a table in the page flow. The header row is repeated on every page the table reaches; a
 * row moves to the next page whole when it fits there, and only a row taller than a page is split,
 * always between lines.
 */
export function drawTable(layout: Layout, table: Table): void {
  const [padX, padY] = layout.template.page.tables.cellPadding;
  const prepare = (row: Row): PreparedRow => prepareRow(layout, row, row.widths ?? table.widths, table.cellStyle, padX, padY);
  const header = table.header ? prepare({ cells: table.header, fill: layout.colour('tableHeaderFill'), rule: true }) : null;
  const rows = table.rows.map(prepare);
  if (rows.length === 0) return;

  const headerHeight = header?.height ?? 0;
  const capacity = layout.bodyHeight - headerHeight;
  // In the structure tree: Table > TR > TH (header, once) / TD; a header repeated on a later page is an artifact.
  const tableElement = layout.element('Table');
  let headerCells: CellElements = header ? rowElements(layout, tableElement, header, 'TH') : null;
  const drawHeader = () => {
    if (!header) return;
    const cells = headerCells;
    headerCells = null;
    const draw = () => drawRowPart(layout, header, header.cells.map((cell) => [0, cell.lines.length]), header.height, padX, cells);
    if (cells) {
      draw();
      endRow(cells);
    } else layout.artifact(draw);
  };
  const newPageWithHeader = () => {
    layout.newPage();
    drawHeader();
  };

  layout.ensure(headerHeight + Math.min(rows[0].height, minimumSplitHeight(rows[0])));
  drawHeader();
  rows.forEach((row, index) => {
    const group = groupHeight(rows, index, capacity);
    if (!layout.fits(group) && group <= capacity && !(index === 0 && table.afterHeading)) newPageWithHeader();
    const cells = rowElements(layout, tableElement, row, 'TD');
    if (layout.fits(row.height)) drawRowPart(layout, row, row.cells.map((cell) => [0, cell.lines.length]), row.height, padX, cells);
    else drawSplitRow(layout, row, padX, newPageWithHeader, cells);
    endRow(cells);
  });
  tableElement?.end();
}

type CellElements = (PDFKit.PDFStructureElement[] & { row?: PDFKit.PDFStructureElement }) | null;

/** A TR with one TH or TD per cell; header cells name their scope so a reader can tie a value to its column. */
function rowElements(layout: Layout, table: PDFKit.PDFStructureElement | null, row: PreparedRow, type: 'TH' | 'TD'): CellElements {
  if (!table) return null;
  const tr = layout.element('TR', {}, table)!;
  const cells: PDFKit.PDFStructureElement[] & { row?: PDFKit.PDFStructureElement } = row.cells.map(
    () => layout.element(type, type === 'TH' ? ({ scope: 'Column' } as PDFKit.Mixins.StructureElementOptions) : {}, tr)!,
  );
  cells.row = tr;
  return cells;
}

/** Closes a row's elements once all its lines are drawn (ending a TR ends its cells). */
function endRow(cells: CellElements): void {
  cells?.row?.end();
}

/**
 * How much of a table a heading above it must keep on its page: the first row with the rows bound
 * to it (a question with its answer), as drawTable will place them; the whole page at most.
 */
export function leadHeight(layout: Layout, table: Table): number {
  const [padX, padY] = layout.template.page.tables.cellPadding;
  const rows = table.rows.map((row) => prepareRow(layout, row, row.widths ?? table.widths, table.cellStyle, padX, padY));
  if (rows.length === 0) return 0;
  const header = table.header ? prepareRow(layout, { cells: table.header }, table.widths, table.cellStyle, padX, padY).height : 0;
  const capacity = layout.bodyHeight - header;
  return header + Math.min(groupHeight(rows, 0, capacity), capacity);
}

/** Height of a row together with the rows it must stay with; just its own when the group exceeds a page. */
function groupHeight(rows: PreparedRow[], index: number, capacity: number): number {
  let height = rows[index].height;
  for (let next = index; rows[next].row.keepWithNext && next + 1 < rows.length; next++) {
    if (height + rows[next + 1].height > capacity) return rows[index].height;
    height += rows[next + 1].height;
  }
  return height;
}

function prepareRow(layout: Layout, row: Row, widths: number[], cellStyle: StyleName, padX: number, padY: number): PreparedRow {
  const cells = row.cells.map((cell, index): PreparedCell => {
    const style = layout.style(cell.style ?? cellStyle);
    const inner = Math.max(widths[index] - 2 * padX - (cell.badge ? 6 : 0), 1);
    return { lines: layout.wrap(cell.text, style, inner), style, badge: cell.badge };
  });
  const content = Math.max(0, ...cells.map((cell) => cell.lines.length * cell.style.leading));
  const padding = row.padding ?? { top: padY, bottom: padY };
  return { row, widths, cells, padding, height: content + padding.top + padding.bottom };
}

function minimumSplitHeight(row: PreparedRow): number {
  return Math.max(0, ...row.cells.map((cell) => Math.min(cell.lines.length, MIN_SPLIT_LINES) * cell.style.leading)) + row.padding.top + row.padding.bottom;
}

/** A row taller than the space left: as many whole lines as fit here, the rest on the next pages. */
function drawSplitRow(layout: Layout, row: PreparedRow, padX: number, newPageWithHeader: () => void, cells: CellElements): void {
  const drawn = row.cells.map(() => 0);
  const unfinished = () => row.cells.some((cell, index) => drawn[index] < cell.lines.length);
  const padding = row.padding.top + row.padding.bottom;
  if (!layout.fits(minimumSplitHeight(row))) newPageWithHeader();
  while (unfinished()) {
    const available = layout.remaining - padding;
    const ranges = row.cells.map((cell, index): [number, number] => {
      const fitting = Math.max(0, Math.floor((available + 0.01) / cell.style.leading));
      return [drawn[index], Math.min(cell.lines.length, drawn[index] + fitting)];
    });
    const height = Math.max(0, ...row.cells.map((cell, index) => (ranges[index][1] - ranges[index][0]) * cell.style.leading)) + padding;
    drawRowPart(layout, row, ranges, height, padX, cells);
    ranges.forEach(([, end], index) => (drawn[index] = end));
    if (unfinished()) newPageWithHeader();
  }
}

function drawRowPart(layout: Layout, row: PreparedRow, ranges: [number, number][], height: number, padX: number, elements: CellElements): void {
  const top = layout.y;
  const tableWidth = row.widths.reduce((sum, width) => sum + width, 0);
  if (row.row.fill) layout.rect({ x: layout.left, y: top, width: tableWidth, height }, row.row.fill);
  let x = layout.left;
  row.cells.forEach((cell, index) => {
    const [start, end] = ranges[index];
    let y = top + row.padding.top;
    layout.within(elements?.[index] ?? null, () => {
      for (let line = start; line < end; line++) {
        if (line === 0 && cell.badge) drawBadge(layout, cell.lines[0], cell.style, cell.badge, x + padX, y);
        else layout.drawLine(cell.lines[line], x + padX, y, cell.style);
        y += cell.style.leading;
      }
    });
    x += row.widths[index];
  });
  if (row.row.rule) layout.rule(layout.left, layout.left + tableWidth, top + height, layout.colour('rule'));
  layout.y = top + height;
}

function drawBadge(layout: Layout, text: string, style: TextStyle, badge: NonNullable<Cell['badge']>, x: number, y: number): void {
  const width = layout.widthOf(text, style) + 6;
  layout.rect({ x, y: y + 0.5, width, height: style.leading - 1 }, badge.fill, undefined, 2.5);
  layout.drawLine(text, x + 3, y, style, badge.ink);
}
