import type { ExactCounts } from './aggregate';
import { mergeGroupsOf } from './dimensions';
import type { DimensionId } from './dimensions';

/**
 * Statistical disclosure control: exact counts in, publishable cells out (docs/decisions/0019). Pure and
 * deterministic, so the app's export button, the CLI and the tests publish the same cells from the same counts.
 */

export const SMALL = '<10';
export type Flag = 'zero' | 'rounded' | 'suppressed' | 'withheld';

/** One published figure. The grand total has no dimension; a margin has one; a cross cell has two. */
export interface PublishedCell {
  dim1: DimensionId | '';
  val1: string;
  dim2: DimensionId | '';
  val2: string;
  /** `0`, `<10`, a multiple of 5 that is ≥ 10, or empty for a withheld cell. */
  value: string;
  flag: Flag;
  /** Share of the row's published total, from published values, only when that total is ≥ 20. */
  percent?: number;
}

export interface Merge {
  dim: DimensionId;
  /** The values shown together (a fixed merge group), as the label `a+b` in every cell of the dimension. */
  values: string[];
}

export interface WithheldTable {
  dims: DimensionId[];
  reason: 'fewCases' | 'unprotectable';
}

export interface Disclosed {
  cells: PublishedCell[];
  merges: Merge[];
  withheldTables: WithheldTable[];
  /** No case in the period: every cell is 0. */
  empty: boolean;
}

/** The rules, as the JSON export states them. */
export const RULES = {
  unit: 'cases reported in the period, as their log stood at the end of the period',
  smallCounts: 'counts from 1 to 9 are published as "<10"',
  rounding: 'every other count, totals included, is rounded to the nearest 5 independently (12 -> 10, 13 -> 15)',
  zeros: 'a true 0 is published as 0',
  fewCases: 'with fewer than 10 cases in the period only the total ("<10") is published and every table is listed as withheld; with no case every cell is 0',
  merging:
    'each dimension has fixed merge groups decided in advance; when all the cases of a dimension fall in one single category, or a row or column of 10 or more cases of a two-way table falls entirely in one single category, that category is merged with its whole fixed group in the margin and in every table of the dimension, shown as "a+b" and listed in "merges"',
  secondarySuppression:
    'every hidden cell ("<10" or withheld), in a margin or in a two-way table, must be able to move by 2 (or by +1 and by -1) while every published figure stays true; cells are withheld (published empty, flag "withheld") until this holds, and a table that cannot be protected so is withheld whole (a margin with the two-way tables of its dimension)',
  percentages:
    'JSON only: the share of a rounded or zero cell in its row\'s published total (the grand total for a margin), from published values, only when that total is a rounded value of at least 20',
  issuance:
    'a period is exported only after its last day in the school calendar; a period overlapping one already issued is refused; issuing a period again is accepted only when every published figure is the same',
} as const;

/** What a count is published as, before secondary suppression. */
export function publishCount(n: number): { value: string; flag: Flag } {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`a count must be a whole number ≥ 0, got ${n}`);
  if (n === 0) return { value: '0', flag: 'zero' };
  if (n < 10) return { value: SMALL, flag: 'suppressed' };
  return { value: String(round5(n)), flag: 'rounded' };
}

export const round5 = (n: number) => Math.round(n / 5) * 5;

// ---------------------------------------------------------------------------------------------------------------
// Merging categories

type Groups = number[][];
const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);

/**
 * Merges category `i` with the whole of its fixed group (`mergeGroupsOf`, decided in advance), joining every
 * current group that holds one of its members: the label is then the same whichever member held the cases.
 */
function mergeFixed(groups: Groups, fixed: Groups, i: number): Groups {
  const target = new Set(fixed.find((f) => f.includes(i)) ?? [i]);
  const joined = groups.filter((g) => g.some((k) => target.has(k)));
  const first = joined[0];
  if (!first) return groups;
  const merged = joined.flat().sort((a, b) => a - b);
  return groups.flatMap((g) => (g === first ? [merged] : joined.includes(g) ? [] : [g]));
}

/** Whether category `i` can be merged at all (its fixed group has another member). */
const mergeable = (fixed: Groups, i: number) => (fixed.find((f) => f.includes(i))?.length ?? 0) > 1;

/**
 * One-way groups of a dimension: when all its cases fall in one single category, that category is merged with
 * its fixed group, so the export never says "every case was X" of a school, and the label (the same for every
 * member of the group) does not say which member it was.
 */
export function mergeDimension(counts: readonly number[], fixed: Groups): Groups {
  const groups: Groups = counts.map((_, i) => [i]);
  const full = counts.flatMap((n, i) => (n > 0 ? [i] : []));
  const only = full[0];
  return full.length === 1 && only !== undefined && mergeable(fixed, only) ? mergeFixed(groups, fixed, only) : groups;
}

/** Sums a matrix over row and column groups. */
function grouped(counts: readonly (readonly number[])[], rows: Groups, cols: Groups): number[][] {
  return rows.map((r) => cols.map((c) => sum(r.flatMap((i) => c.map((j) => counts[i]?.[j] ?? 0)))));
}

const transpose = (m: readonly (readonly number[])[]): number[][] => (m[0] ?? []).map((_, j) => m.map((row) => row[j] ?? 0));

/** The single category (a one-member group of `cols`) that takes a whole line of ≥ 10 cases of `m`, if any. */
function lineToMerge(m: readonly (readonly number[])[], cols: Groups, fixed: Groups): number | undefined {
  for (const row of m) {
    if (sum(row) < 10) continue;
    const full = row.flatMap((n, j) => (n > 0 ? [j] : []));
    const j = full[0];
    const only = j === undefined ? undefined : cols[j];
    if (full.length === 1 && only?.length === 1 && only[0] !== undefined && mergeable(fixed, only[0])) return only[0];
  }
  return undefined;
}

/**
 * A line (row or column) of 10 or more cases of a two-way table all in one single category tells the reader that
 * category for every case of the line ("all 12 sexual cases were rated 4"). The category is merged with its fixed
 * group in the WHOLE export (its margin and every table of its dimension), not in that table only: a table-local
 * merge set against the unmerged margins told which member held the line (review of 20df6e3). Merging only ever
 * joins groups, so this settles. Mutates `groups`.
 */
function mergeSingleCategoryLines(exact: ExactCounts, groups: Map<DimensionId, Groups>, fixed: ReadonlyMap<DimensionId, Groups>): void {
  for (let changed = true; changed; ) {
    changed = false;
    for (const t of exact.twoWay) {
      const [a, b] = t.dims;
      const rows = groups.get(a) ?? [];
      const cols = groups.get(b) ?? [];
      const m = grouped(t.counts, rows, cols);
      const col = lineToMerge(m, cols, fixed.get(b) ?? []);
      if (col !== undefined) {
        groups.set(b, mergeFixed(cols, fixed.get(b) ?? [], col));
        changed = true;
        break;
      }
      const row = lineToMerge(transpose(m), rows, fixed.get(a) ?? []);
      if (row !== undefined) {
        groups.set(a, mergeFixed(rows, fixed.get(a) ?? [], row));
        changed = true;
        break;
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Secondary suppression

/** What a reader can know of a cell's true count from its published value (the attacker's bounds). */
export function bounds(flag: Flag, n: number): [number, number] {
  switch (flag) {
    case 'zero':
      return [0, 0];
    case 'suppressed':
      return [1, 9];
    case 'withheld':
      return [0, Number.POSITIVE_INFINITY];
    case 'rounded': {
      const v = round5(n);
      // A true 8 or 9 would have been "<10": a published 10 means 10 to 12.
      return [Math.max(10, v - 2), v + 2];
    }
  }
}

/** One published table while it is being protected: true counts and what each cell is published as. */
interface Grid {
  counts: number[][];
  flags: Flag[][];
}

/** A one-way table (a dimension's margin) and the two-way tables it is a margin of. */
interface Margin {
  dim: DimensionId;
  groups: Groups;
  grid: Grid; // one row
  dropped: boolean;
}
interface Cross {
  dims: readonly [DimensionId, DimensionId];
  rows: Groups;
  cols: Groups;
  grid: Grid;
  dropped: boolean;
}

const hidden = (f: Flag) => f === 'suppressed' || f === 'withheld';
type Cell = readonly [Grid, number, number];
type Step = readonly [Grid, number, number, number]; // a cell and how far it moves

function fits([g, r, c, d]: Step): boolean {
  const n = g.counts[r]?.[c] ?? 0;
  const [lo, hi] = bounds(g.flags[r]?.[c] ?? 'zero', n);
  return lo <= n + d && n + d <= hi;
}
/** What withholding the cells a move needs costs (fewest cells first, then the smallest counts), or Infinity. */
function costOf(steps: readonly Step[]): { cost: number; cells: Cell[] } {
  let cost = 0;
  const cells: Cell[] = [];
  for (const s of steps) {
    if (fits(s)) continue;
    const [g, r, c, d] = s;
    const n = g.counts[r]?.[c] ?? 0;
    if (n + d < 0) return { cost: Number.POSITIVE_INFINITY, cells: [] };
    cells.push([g, r, c]);
    cost += 1000 + n;
  }
  return { cost, cells };
}

/**
 * The ways a hidden cell can move while every published figure stays true, each as the cells that move. A
 * reader who sees the export cannot tell the true table from the moved one, so a hidden cell with a move of 2
 * (or moves of +1 and -1) has a feasible range at least 2 wide, pinned to no value.
 *  - inside a two-way table: a rectangle (r, c), (r, c2), (r2, c), (r2, c2) moved +d, -d, -d, +d keeps every
 *    row and column total, so nothing else changes;
 *  - a margin: d cases move from category j to category i of the dimension, and in every two-way table of
 *    that dimension from the row (or column) of j to that of i, within one column (or row).
 */
function movesOf(target: Cell, d: number, margins: readonly Margin[], crosses: readonly Cross[]): Step[][] {
  const [grid, r, c] = target;
  const out: Step[][] = [];
  const cross = crosses.find((x) => x.grid === grid);
  if (cross) {
    const rows = grid.counts.length;
    const cols = grid.counts[0]?.length ?? 0;
    for (let r2 = 0; r2 < rows; r2++) {
      if (r2 === r) continue;
      for (let c2 = 0; c2 < cols; c2++) {
        if (c2 !== c) out.push([[grid, r, c, d], [grid, r, c2, -d], [grid, r2, c, -d], [grid, r2, c2, d]]);
      }
    }
    return out;
  }
  const margin = margins.find((m) => m.grid === grid);
  if (!margin) return out;
  const i = c;
  for (let j = 0; j < margin.groups.length; j++) {
    if (j === i) continue;
    // For each table of the dimension, the cheapest line to carry the move (tables are independent).
    const steps: Step[] = [[grid, 0, i, d], [grid, 0, j, -d]];
    let possible = true;
    for (const x of crosses) {
      if (x.dropped || !x.dims.includes(margin.dim)) continue;
      const asRow = x.dims[0] === margin.dim;
      const lines = asRow ? x.rows : x.cols;
      const memberI = margin.groups[i]?.[0];
      const memberJ = margin.groups[j]?.[0];
      const li = lines.findIndex((l) => memberI !== undefined && l.includes(memberI));
      const lj = lines.findIndex((l) => memberJ !== undefined && l.includes(memberJ));
      if (li === lj) continue; // both in one line (cannot happen: tables use the margin's groups)
      const across = (asRow ? x.cols : x.rows).length;
      let best: { cost: number; steps: Step[] } | undefined;
      for (let k = 0; k < across; k++) {
        const pair: Step[] = asRow
          ? [[x.grid, li, k, d], [x.grid, lj, k, -d]]
          : [[x.grid, k, li, d], [x.grid, k, lj, -d]];
        const { cost } = costOf(pair);
        if (!best || cost < best.cost) best = { cost, steps: pair };
      }
      if (!best || best.cost === Number.POSITIVE_INFINITY) possible = false;
      else steps.push(...best.steps);
    }
    if (possible) out.push(steps);
  }
  return out;
}

function hasWitness(target: Cell, margins: readonly Margin[], crosses: readonly Cross[]): boolean {
  const any = (d: number) => movesOf(target, d, margins, crosses).some((steps) => steps.every(fits));
  return any(2) || any(-2) || (any(1) && any(-1));
}

/**
 * Withholds cells until every hidden cell (shown "<10", or withheld) has a move that keeps the export true
 * (see `movesOf`); a dimension or a table that cannot be protected that way is withheld whole. The result is
 * checked by the attacker test (tests/stats/attacker.test.ts) with an integer linear programme.
 */
function protect(margins: Margin[], crosses: Cross[]): void {
  const live = () => [...margins.filter((m) => !m.dropped), ...crosses.filter((x) => !x.dropped)];
  for (let guard = 0; guard < 10_000; guard++) {
    let weak: Cell | undefined;
    for (const t of live()) {
      t.grid.flags.forEach((row, r) =>
        row.forEach((f, c) => {
          if (!weak && hidden(f) && !hasWitness([t.grid, r, c], margins, crosses)) weak = [t.grid, r, c];
        }),
      );
      if (weak) break;
    }
    if (!weak) return;
    const cheapest = (d: number) => {
      let found: { cost: number; cells: Cell[] } | undefined;
      for (const steps of movesOf(weak as Cell, d, margins, crosses)) {
        const option = costOf(steps);
        if (option.cost < (found?.cost ?? Number.POSITIVE_INFINITY)) found = option;
      }
      return found;
    };
    // A move of 2 either way, or one of +1 and one of -1 (both together: the range then spans 2).
    const options = [cheapest(2), cheapest(-2)];
    const up = cheapest(1);
    const down = cheapest(-1);
    if (up && down) options.push({ cost: up.cost + down.cost, cells: [...up.cells, ...down.cells] });
    let best: { cost: number; cells: Cell[] } | undefined;
    for (const o of options) if (o && o.cells.length > 0 && o.cost < (best?.cost ?? Number.POSITIVE_INFINITY)) best = o;
    if (best) {
      for (const [g, r, c] of best.cells) (g.flags[r] as Flag[])[c] = 'withheld';
      continue;
    }
    // No withholding helps: withhold the whole table (a margin takes its two-way tables with it).
    const grid = weak[0];
    const margin = margins.find((m) => m.grid === grid);
    if (margin) {
      margin.dropped = true;
      for (const x of crosses) if (x.dims.includes(margin.dim)) x.dropped = true;
    } else {
      const x = crosses.find((y) => y.grid === grid);
      if (x) x.dropped = true;
    }
  }
  throw new Error('secondary suppression did not settle');
}

// ---------------------------------------------------------------------------------------------------------------
// The export's cells

const label = (values: readonly string[], g: readonly number[]) => g.map((i) => values[i] ?? '').join('+');
const percentOf = (value: string, flag: Flag, denominator: number | undefined) =>
  denominator !== undefined && denominator >= 20 && (flag === 'rounded' || flag === 'zero') ? { percent: Math.round((1000 * Number(value)) / denominator) / 10 } : {};
const gridOf = (counts: number[][]): Grid => ({ counts, flags: counts.map((row) => row.map((n) => publishCount(n).flag)) });
const shown = (flag: Flag, n: number) => (flag === 'withheld' ? '' : publishCount(n).value);

/** Pure: published cells from exact counts (the only way counts leave the school). */
export function disclose(exact: ExactCounts): Disclosed {
  const N = exact.total;
  const top = publishCount(N);
  const cells: PublishedCell[] = [{ dim1: '', val1: '', dim2: '', val2: '', ...top }];
  const merges: Merge[] = [];
  const withheldTables: WithheldTable[] = [];
  const values = new Map(exact.dimensions.map((d) => [d.id, d.values]));

  if (N > 0 && N < 10) {
    for (const d of exact.dimensions) withheldTables.push({ dims: [d.id], reason: 'fewCases' });
    for (const t of exact.twoWay) withheldTables.push({ dims: [...t.dims], reason: 'fewCases' });
    return { cells, merges, withheldTables, empty: false };
  }

  // Merges are decided over the whole export first, then every table uses the same groups of each dimension.
  const fixed = new Map(exact.dimensions.map((d) => [d.id, mergeGroupsOf(d.id, d.values)]));
  const groups = new Map<DimensionId, Groups>(
    exact.dimensions.map((d) => {
      const counts = exact.oneWay[d.id] ?? [];
      return [d.id, N === 0 ? counts.map((_, i) => [i]) : mergeDimension(counts, fixed.get(d.id) ?? [])];
    }),
  );
  if (N > 0) mergeSingleCategoryLines(exact, groups, fixed);
  const groupsOf = (dim: DimensionId) => groups.get(dim) ?? [];
  const margins: Margin[] = exact.dimensions.map((d) => {
    const counts = exact.oneWay[d.id] ?? [];
    const gs = groupsOf(d.id);
    for (const g of gs) if (g.length > 1) merges.push({ dim: d.id, values: g.map((i) => d.values[i] ?? '') });
    return { dim: d.id, groups: gs, grid: gridOf([gs.map((g) => sum(g.map((i) => counts[i] ?? 0)))]), dropped: false };
  });
  const crosses: Cross[] = exact.twoWay.map((t) => {
    const [a, b] = t.dims;
    const rows = groupsOf(a);
    const cols = groupsOf(b);
    return { dims: t.dims, rows, cols, grid: gridOf(grouped(t.counts, rows, cols)), dropped: false };
  });

  protect(margins, crosses);

  const totalValue = top.flag === 'rounded' ? Number(top.value) : undefined;
  const marginValue = new Map<string, number>();
  for (const m of margins) {
    if (m.dropped) {
      withheldTables.push({ dims: [m.dim], reason: 'unprotectable' });
      continue;
    }
    const vs = values.get(m.dim) ?? [];
    m.groups.forEach((g, i) => {
      const flag = m.grid.flags[0]?.[i] ?? 'zero';
      const value = shown(flag, m.grid.counts[0]?.[i] ?? 0);
      const val1 = label(vs, g);
      if (flag === 'rounded') marginValue.set(`${m.dim}\u0000${val1}`, Number(value));
      cells.push({ dim1: m.dim, val1, dim2: '', val2: '', value, flag, ...percentOf(value, flag, totalValue) });
    });
  }
  for (const x of crosses) {
    const [a, b] = x.dims;
    if (x.dropped) {
      withheldTables.push({ dims: [a, b], reason: 'unprotectable' });
      continue;
    }
    x.rows.forEach((r, i) => {
      const val1 = label(values.get(a) ?? [], r);
      const denominator = marginValue.get(`${a}\u0000${val1}`);
      x.cols.forEach((c, j) => {
        const flag = x.grid.flags[i]?.[j] ?? 'zero';
        const value = shown(flag, x.grid.counts[i]?.[j] ?? 0);
        cells.push({ dim1: a, val1, dim2: b, val2: label(values.get(b) ?? [], c), value, flag, ...percentOf(value, flag, denominator) });
      });
    });
  }
  return { cells, merges, withheldTables, empty: N === 0 };
}
