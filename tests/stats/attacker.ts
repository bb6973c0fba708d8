import { solve } from 'yalps';
import type { Constraint, Model } from 'yalps';
import type { PublishedCell } from '../../src/stats/disclosure';

/**
 * The attacker: everything one export publishes, as an integer linear programme over the unknown true counts
 * (one non-negative integer per published cell), and the feasible range of each hidden cell (shown "<10" or
 * withheld) found by minimising and maximising it. Constraints:
 *  - "0" is exact; "<10" is 1..9; a rounded v is v-2..v+2, and at least 10 (a true 8 or 9 would be "<10");
 *  - each dimension's margins add up to the grand total;
 *  - each row (column) of a two-way table adds up to the margins of the categories its label names (a label
 *    `a+b` names a and b; margins may themselves be merged, so the sum is over margins inside the label).
 */
export interface Range {
  cell: PublishedCell;
  min: number;
  max: number;
}

const base = (label: string) => label.split('+');
const key = (c: PublishedCell) => `${c.dim1}|${c.val1}|${c.dim2}|${c.val2}`;

export function modelOf(cells: readonly PublishedCell[]): { constraints: Map<string, Constraint>; coefficients: Map<string, Map<string, number>>; names: string[] } {
  const names = cells.map((_, i) => `x${i}`);
  const coefficients = new Map(names.map((n) => [n, new Map<string, number>()]));
  const constraints = new Map<string, Constraint>();
  const add = (constraint: string, i: number, coef: number) => {
    const m = coefficients.get(names[i] as string) as Map<string, number>;
    m.set(constraint, (m.get(constraint) ?? 0) + coef);
  };
  cells.forEach((c, i) => {
    const b = `bound${i}`;
    if (c.value === '0') constraints.set(b, { equal: 0 });
    else if (c.value === '<10') constraints.set(b, { min: 1, max: 9 });
    else if (c.value === '') constraints.set(b, { min: 0 });
    else {
      const v = Number(c.value);
      constraints.set(b, { min: Math.max(10, v - 2), max: v + 2 });
    }
    add(b, i, 1);
  });
  const total = cells.findIndex((c) => c.dim1 === '');
  const margins = new Map<string, number[]>();
  cells.forEach((c, i) => {
    if (c.dim1 !== '' && c.dim2 === '') margins.set(c.dim1, [...(margins.get(c.dim1) ?? []), i]);
  });
  // Margins of a dimension add up to the total.
  for (const [dim, idx] of margins) {
    const name = `sum:${dim}`;
    constraints.set(name, { equal: 0 });
    for (const i of idx) add(name, i, 1);
    add(name, total, -1);
  }
  // Lines of two-way tables add up to the margins they cover.
  const lines = new Map<string, { cells: number[]; dim: string; label: string }>();
  cells.forEach((c, i) => {
    if (c.dim2 === '') return;
    for (const [dim, label, other] of [[c.dim1, c.val1, c.dim2], [c.dim2, c.val2, c.dim1]] as const) {
      const k = `${c.dim1}x${c.dim2}:${dim}=${label}:${other}`;
      const line = lines.get(k) ?? { cells: [], dim, label };
      line.cells.push(i);
      lines.set(k, line);
    }
  });
  for (const [k, line] of lines) {
    const name = `line:${k}`;
    constraints.set(name, { equal: 0 });
    for (const i of line.cells) add(name, i, 1);
    const inside = new Set(base(line.label));
    const covered = (margins.get(line.dim) ?? []).filter((i) => base(cells[i]?.val1 ?? '').every((v) => inside.has(v)));
    const coveredValues = covered.flatMap((i) => base(cells[i]?.val1 ?? ''));
    if (coveredValues.length !== inside.size) throw new Error(`line ${k} is not a union of published margins`);
    for (const i of covered) add(name, i, -1);
  }
  return { constraints, coefficients, names };
}

function optimise(model: ReturnType<typeof modelOf>, target: number, direction: 'minimize' | 'maximize'): number {
  const variables = new Map<string, Map<string, number>>();
  model.names.forEach((n, i) => {
    const coefs = new Map(model.coefficients.get(n));
    if (i === target) coefs.set('objective', 1);
    variables.set(n, coefs);
  });
  const m: Model = { direction, objective: 'objective', constraints: model.constraints, variables, integers: true };
  const s = solve(m);
  if (s.status === 'unbounded') return direction === 'maximize' ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
  if (s.status !== 'optimal') throw new Error(`the published figures have no solution (${s.status}): the model or the export is wrong`);
  return Math.round(s.result);
}

/** The feasible range of every hidden cell. */
export function attack(cells: readonly PublishedCell[]): Range[] {
  const model = modelOf(cells);
  const out: Range[] = [];
  cells.forEach((cell, i) => {
    if (cell.value !== '<10' && cell.flag !== 'withheld') return;
    out.push({ cell, min: optimise(model, i, 'minimize'), max: optimise(model, i, 'maximize') });
  });
  return out;
}

/** The hidden cells an attacker narrows to fewer than 3 values (width < 2), pinned ones included. */
export function narrowed(cells: readonly PublishedCell[]): { cell: string; min: number; max: number }[] {
  return attack(cells)
    .filter((r) => r.max - r.min < 2)
    .map((r) => ({ cell: key(r.cell), min: r.min, max: r.max }));
}
