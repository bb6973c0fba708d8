import { describe, expect, it } from 'vitest';
import { CHART_WIDTH, barLayout } from './bar-layout';

describe('barLayout', () => {
  const rows = [[4], [2], [0]];
  it('draws bars proportional to their values, the longest filling the track', () => {
    const l = barLayout(rows, false);
    const widths = rows.map((_, i) => l.bar(i, 0).width);
    expect(widths[0]).toBeCloseTo(2 * (widths[1] ?? 0));
    expect(widths[2]).toBe(1);
    expect(l.bar(0, 0).x + l.bar(0, 0).width).toBeLessThanOrEqual(CHART_WIDTH);
  });
  it('grows the bars from the left in French and from the right in Arabic, mirrored', () => {
    const ltr = barLayout(rows, false);
    const rtl = barLayout(rows, true);
    for (const i of [0, 1, 2]) {
      const a = ltr.bar(i, 0);
      const b = rtl.bar(i, 0);
      expect(b.width).toBe(a.width);
      // The bar's right edge in Arabic sits where its left edge is in French, measured from the other side.
      expect(CHART_WIDTH - (b.x + b.width)).toBeCloseTo(a.x);
      expect(b.valueX).toBeCloseTo(CHART_WIDTH - a.valueX);
    }
    expect(ltr.labelX).toBe(0);
    expect(rtl.labelX).toBe(CHART_WIDTH);
    // The longest bar of a right-to-left chart ends towards the left.
    expect(rtl.bar(0, 0).x).toBeLessThan(rtl.bar(1, 0).x);
  });
  it('stacks the series of a row one under the other', () => {
    const l = barLayout([[3, 1]], false);
    expect(l.bar(0, 1).y).toBeGreaterThan(l.bar(0, 0).y);
    expect(l.height).toBeGreaterThanOrEqual(l.bar(0, 1).y + l.bar(0, 1).height);
  });
});
