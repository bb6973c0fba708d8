import { Suspense, lazy } from 'react';
import { HomePage } from '../cases/HomePage';
import { PageBoundary } from './PageBoundary';
import { href } from './router';
import type { Route } from './router';
import { SchemaUpgradeNotice } from './StorageStatus';
import { VaultGate } from './VaultGate';

// What runs while the keys are held comes with the cases' pages, where the vault is unlocked: it is running
// from the first moment, on whichever page the teacher then goes to (the frame renders it, src/app/App.tsx).
export { WhileUnlocked } from './Unlocked';

const CasePage = lazy(() => import('../cases/CasePage').then((m) => ({ default: m.CasePage })));
const ReportPage = lazy(() => import('../cases/ReportPage').then((m) => ({ default: m.ReportPage })));
const SettingsPage = lazy(() => import('./SettingsPage').then((m) => ({ default: m.SettingsPage })));
const BackupPage = lazy(() => import('./BackupPage').then((m) => ({ default: m.BackupPage })));
const StatsPage = lazy(() => import('../statistics-ui/StatsPage').then((m) => ({ default: m.StatsPage })));

/**
 * The pages of the school's cases, behind the vault. Loaded apart from the app's frame (with the database
 * engine), so the frame, its language and the emergency numbers come first on a slow phone.
 */
export function Workspace({ route }: { route: Route }) {
  return (
    <>
      {/* Locked or not, the school's database is open here: another tab's upgrade must be able to close it. */}
      <SchemaUpgradeNotice />
      <VaultGate>
        {/* Inside the vault's gate, so a page that fails leaves the gate and the upgrade notice in place. */}
        <PageBoundary page={href(route)}>
          <Suspense fallback={null}>
            {route.name === 'home' && <HomePage />}
            {route.name === 'report' && <ReportPage />}
            {route.name === 'case' && <CasePage id={route.id} />}
            {route.name === 'settings' && <SettingsPage />}
            {route.name === 'backup' && <BackupPage />}
            {route.name === 'stats' && <StatsPage />}
          </Suspense>
        </PageBoundary>
      </VaultGate>
    </>
  );
}
