import { Fragment } from 'react';

/**
 * An address that may wrap only after its separators ("www.e-blagh.ma/" breaks after a dot or a slash, never
 * mid-word), so a phone shows it whole and readable.
 */
export function Breakable({ text }: { text: string }) {
  const parts = text.split(/(?<=[./\-_?=&])/);
  return (
    <>
      {parts.map((part, i) => (
        <Fragment key={i}>
          {i > 0 && <wbr />}
          {part}
        </Fragment>
      ))}
    </>
  );
}
