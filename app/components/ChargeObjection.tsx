// The page layout a refund (provider) and a dispute (client) share: the title, the refusal or the
// intro, the charge as a summary list, the form when it can still be sent, and a way back.
import type { ReactNode } from 'react';
import { CsrfField, ErrorSummary, type FieldErrors } from './forms';

export type ChargeSummaryRow = { label: string; value: ReactNode };

export function ChargeObjection({
  title,
  intro,
  refusal,
  chargeTitle,
  rows,
  action,
  idempotencyKey,
  errors,
  form,
  back,
}: {
  title: string;
  intro: string;
  /** The text saying why the form cannot be sent, or null. */
  refusal: string | null;
  chargeTitle: string;
  rows: ChargeSummaryRow[];
  action: string;
  idempotencyKey: string;
  errors: FieldErrors;
  /** The fields and the submit button; null leaves the form out. */
  form: ReactNode;
  back: ReactNode;
}) {
  return (
    <div className="narrow">
      <ErrorSummary errors={errors} />
      <h1>{title}</h1>
      {refusal ? (
        <div className="notice notice--warning" role="alert">
          <p>{refusal}</p>
        </div>
      ) : (
        <p>{intro}</p>
      )}
      <h2>{chargeTitle}</h2>
      <dl className="summary-list">
        {rows.map((row) => (
          <div key={row.label}>
            <dt>{row.label}</dt>
            <dd>{row.value}</dd>
          </div>
        ))}
      </dl>
      {form ? (
        <form method="post" action={action} noValidate>
          <CsrfField />
          <input type="hidden" name="idempotencyKey" value={idempotencyKey} />
          {form}
        </form>
      ) : null}
      <p>{back}</p>
    </div>
  );
}
