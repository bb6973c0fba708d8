import { Component } from 'react';
import type { ReactNode } from 'react';
import { clearSessionKeys } from '../storage/session';

/**
 * The last resort, should the app's frame itself fail to render (pages have their own boundary, PageBoundary,
 * which keeps the frame): the emergency numbers as the page's HTML first showed them, before any script ran
 * (src/app/static-emergency.ts), rather than the empty page React leaves. The idle lock went with the frame, so
 * the keys go too: nothing decrypted can be opened again until the page is reloaded and unlocked.
 */
export class FrameBoundary extends Component<{ staticHtml: string; children: ReactNode }, { failed: boolean }> {
  override state = { failed: false };

  static getDerivedStateFromError() {
    return { failed: true };
  }

  override componentDidCatch() {
    clearSessionKeys();
  }

  override render() {
    // Markup of the app's own build (index.html), never anything typed or stored.
    return this.state.failed ? <div dangerouslySetInnerHTML={{ __html: this.props.staticHtml }} /> : this.props.children;
  }
}
