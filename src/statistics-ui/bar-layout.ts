/**
 * Where the bars of a horizontal bar chart go, in SVG units: pure, so the right-to-left drawing can be tested
 * without a browser. Labels sit at the start side (the left in French, the right in Arabic) and bars grow from
 * the label towards the end side; each value is written just past the end of its bar.
 */
export interface BarLayout {
  width: number;
  height: number;
  rowHeight: number;
  /** Where each label's start edge is (the text runs from there in the page's direction). */
  labelX: number;
  rowY: (row: number) => number;
  bar: (row: number, series: number) => { x: number; y: number; width: number; height: number; valueX: number };
}

export const CHART_WIDTH = 600;
const LABEL_SPACE = 270;
const VALUE_SPACE = 40;
const BAR_HEIGHT = 16;
const GAP = 10;

export function barLayout(rows: readonly (readonly number[])[], rtl: boolean): BarLayout {
  const seriesCount = Math.max(1, ...rows.map((r) => r.length));
  const rowHeight = seriesCount * BAR_HEIGHT + GAP;
  const max = Math.max(0, ...rows.flat());
  const track = CHART_WIDTH - LABEL_SPACE - VALUE_SPACE;
  // x measured from the start side, then mirrored for right-to-left.
  const fromStart = (x: number, w = 0) => (rtl ? CHART_WIDTH - x - w : x);
  const rowY = (row: number) => row * rowHeight + GAP / 2;
  return {
    width: CHART_WIDTH,
    height: Math.max(rowHeight, rows.length * rowHeight),
    rowHeight: seriesCount * BAR_HEIGHT,
    labelX: fromStart(0),
    rowY,
    bar: (row, series) => {
      const value = rows[row]?.[series] ?? 0;
      // A zero still shows a hairline, so a row with nothing reads as zero rather than as missing.
      const width = max === 0 ? 1 : Math.max(1, (value / max) * track);
      const start = LABEL_SPACE;
      return {
        x: fromStart(start, width),
        y: rowY(row) + series * BAR_HEIGHT,
        width,
        height: BAR_HEIGHT - 2,
        valueX: fromStart(start + width + 4),
      };
    },
  };
}
