import { useSyncExternalStore } from 'react';
import { isUnlocked, onSessionChange } from '../storage/session';

/** Whether this tab holds the vault's keys, following each unlock and lock. */
export const useUnlocked = () => useSyncExternalStore(onSessionChange, isUnlocked);
