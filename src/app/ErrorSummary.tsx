import { useEffect, useId, useRef } from 'react';
import { useI18n } from './i18n';

/** One reason a form was not saved; `field` is the id of the control to fix, when there is one. */
export interface FormProblem {
  text: string;
  field?: string;
}

/**
 * What stopped a save, above the submit button: it takes the focus each time a submit is refused (so a
 * screen reader reads it and a keyboard user is not left on the button), and each item moves the focus to its
 * field. A button, not a "#field" link: the hash holds the page's route. The fields themselves carry
 * aria-invalid and point at their sentence here (`problemIdFor`).
 */
export function ErrorSummary({ problems, attempt, title }: { problems: readonly FormProblem[]; attempt: number; title?: string }) {
  const { t } = useI18n();
  const box = useRef<HTMLDivElement>(null);
  const titleId = useId();
  // Each refused submit, not each keystroke that changes the list (the box is there only with problems).
  useEffect(() => {
    box.current?.focus();
    // The attempt is the moment to act on, not a value read here.
    // oxlint-disable-next-line react/exhaustive-effect-dependencies
  }, [attempt]);
  if (problems.length === 0) return null;
  return (
    <div ref={box} className="problems error-summary" tabIndex={-1} role="group" aria-labelledby={titleId}>
      <p id={titleId} className="error-summary-title">
        {title ?? t('form.problemsTitle')}
      </p>
      <ul>
        {problems.map((x, i) => (
          <li key={i} id={x.field ? problemIdFor(x.field) : undefined}>
            {x.field ? (
              <button type="button" className="link" onClick={() => document.getElementById(x.field!)?.focus()}>
                {x.text}
              </button>
            ) : (
              x.text
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** The id of the summary's sentence about a field, for that field's aria-describedby. */
export const problemIdFor = (field: string) => `${field}-problem`;

/** What a control with a problem carries: aria-invalid, and its sentence as its description. */
export function invalidProps(problems: readonly FormProblem[], field: string): { 'aria-invalid'?: true; 'aria-describedby'?: string } {
  return problems.some((x) => x.field === field) ? { 'aria-invalid': true, 'aria-describedby': problemIdFor(field) } : {};
}
