import { Component, useEffect, useRef } from 'react';
import type { ReactNode } from 'react';
import { useI18n } from './i18n';
import { href, parseRoute } from './router';

interface Props {
  /** The page shown (its route): moving to another page tries again. */
  page: string;
  children: ReactNode;
}

interface State {
  failed: boolean;
  page: string;
}

/**
 * A page that throws while rendering (a bug, a stored value it cannot read, a part of the app that could not
 * be downloaded) is replaced by a message with the way back, instead of React removing the whole app. Only the
 * page goes: the frame around it stays, with the emergency numbers and what runs while the keys are held (the
 * idle lock, rendered beside the pages). The message never shows the error: its text may quote what the page
 * was showing, case data included (React still writes it to the browser's console, on this device only).
 */
export class PageBoundary extends Component<Props, State> {
  override state: State = { failed: false, page: this.props.page };

  static getDerivedStateFromError(): Partial<State> {
    return { failed: true };
  }

  static getDerivedStateFromProps(props: Props, state: State): Partial<State> | null {
    return props.page === state.page ? null : { failed: false, page: props.page };
  }

  private retry = () => this.setState({ failed: false });

  override render() {
    return this.state.failed ? <PageFailed onRetry={this.retry} /> : this.props.children;
  }
}

/** "Something went wrong, nothing was lost", the way back (the cases, a reload), focused so it is read out. */
function PageFailed({ onRetry }: { onRetry: () => void }) {
  const { t } = useI18n();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return (
    <section className="page-failed reminder" aria-labelledby="page-failed-title">
      <h2 id="page-failed-title" ref={heading} tabIndex={-1}>
        {t('crash.title')}
      </h2>
      <p>{t('crash.text')}</p>
      <p className="buttons">
        <a
          href={href({ name: 'home' })}
          onClick={(e) => {
            // Already on the cases: the link would not move, so the page is tried again.
            if (parseRoute(location.hash).name !== 'home') return;
            e.preventDefault();
            onRetry();
          }}
        >
          {t('crash.home')}
        </a>
        <button type="button" className="secondary" onClick={() => location.reload()}>
          {t('crash.reload')}
        </button>
      </p>
    </section>
  );
}
