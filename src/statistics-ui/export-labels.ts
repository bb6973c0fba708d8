import type { ExportPdfLabels } from '../pdf/stats-export';
import type { DimensionId } from '../stats/dimensions';
import type { UiKey } from '../i18n/ui';
import { valueLabel } from './sections';
import type { Words } from './sections';

/**
 * The names the export's PDF gives dimensions and values: the dashboard's own (src/statistics-ui/sections.ts),
 * so the paper and the page say the same. `period` and `cycle` are named by the PDF's wording.
 */
export function exportPdfLabels({ t, p, day }: Pick<Words, 't' | 'p'> & { day: (date: string) => string }): ExportPdfLabels {
  return {
    dim: (dim: DimensionId) => t(`stats.dim.${dim}` as UiKey),
    value: (dim: DimensionId, v: string) => valueLabel(dim, v, { t, p }),
    day,
  };
}
