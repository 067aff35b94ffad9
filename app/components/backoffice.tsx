// Pieces the back office pages share: a decision's lines, the plan as text, the decision form.
import { Link } from '@remix-run/react';
import type { ReactNode } from 'react';
import type { DecisionView } from '../domain/decisions.server';
import type { PlanVersion } from '../domain/plans.server';
import { capitalized, formatDate, formatDateTime } from '../i18n/format';
import { formatEuros } from '../domain/money';
import { useT } from '../i18n/i18n';
import { ChoiceGroup, Field, Select, TextArea } from './forms';
import { localName } from '../i18n/localName';
import type { FieldErrors } from '../utils/fieldErrors';

export function DecisionPeriod({ decision }: { decision: { validFrom: string; validTo: string | null } }) {
  const { t, lang } = useT();
  return (
    <>
      {decision.validTo
        ? t('backoffice:decision.validBetween', { from: formatDate(decision.validFrom, lang), to: formatDate(decision.validTo, lang) })
        : t('backoffice:decision.validFrom', { from: formatDate(decision.validFrom, lang) })}
    </>
  );
}

export function DecisionLines({ decision, captionId }: { decision: DecisionView; captionId: string }) {
  const { t, lang } = useT();
  const total = decision.lines.reduce((sum, line) => sum + line.monthlyCents, 0);
  return (
    <div className="table-wrap" role="region" aria-labelledby={captionId} tabIndex={0}>
      <table>
        <caption id={captionId}>{t('backoffice:decision.linesCaption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('backoffice:decision.service')}</th>
            <th scope="col" className="numeric">
              {t('backoffice:decision.monthly')}
            </th>
          </tr>
        </thead>
        <tbody>
          {decision.lines.map((line) => (
            <tr key={line.lineId}>
              <th scope="row">{capitalized(localName(line, lang, 'serviceName'))}</th>
              <td className="numeric">{formatEuros(line.monthlyCents, lang)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr className="total-row">
            <th scope="row">{t('backoffice:decision.total')}</th>
            <td className="numeric">{formatEuros(total, lang)}</td>
          </tr>
        </tfoot>
      </table>
    </div>
  );
}

export function StatusTag({ status }: { status: 'active' | 'future' | 'ended' }) {
  const { t } = useT();
  return <span className="tag">{t(`backoffice:decision.status.${status}`)}</span>;
}

/** The plan's three parts as text, line breaks kept. */
export function PlanText({ plan, headingLevel = 3 }: { plan: PlanVersion; headingLevel?: 3 | 4 }) {
  const { t, lang } = useT();
  const Heading = `h${headingLevel}` as const;
  const part = (key: 'needs' | 'goals' | 'servicesAgreed', text: string): ReactNode => (
    <>
      <Heading>{t(`backoffice:plan.${key}`)}</Heading>
      <p className="multiline">{text}</p>
    </>
  );
  return (
    <>
      {part('needs', plan.needs)}
      {part('goals', plan.goals)}
      {part('servicesAgreed', plan.servicesAgreed)}
      <p className="hint">
        {t('backoffice:plan.writtenBy', {
          name: `${plan.workerFirstName} ${plan.workerLastName}`,
          when: formatDateTime(plan.createdAt, lang),
        })}
      </p>
    </>
  );
}

type ServiceOption = { id: number; nameFi: string; nameSv: string; category: string };

/** Dates, the caregiver's-leave choice, note and a fixed number of service rows. */
export function DecisionFields({
  services,
  rows,
  values,
  errors,
  fromLabel,
  fromHint,
}: {
  services: ServiceOption[];
  rows: number;
  values: Record<string, string>;
  errors: FieldErrors;
  fromLabel: string;
  fromHint?: string;
}) {
  const { t, lang } = useT();
  const options = [
    { value: '', label: t('backoffice:decision.chooseService') },
    ...services.map((service) => ({
      value: String(service.id),
      label: capitalized(localName(service, lang)),
    })),
  ];
  return (
    <>
      <Field name="validFrom" type="date" className="input input--short" label={fromLabel} hint={fromHint} defaultValue={values.validFrom ?? ''} error={errors.validFrom} />
      <Field
        name="validTo"
        type="date"
        className="input input--short"
        label={t('backoffice:decision.validToLabel')}
        hint={t('backoffice:decision.validToHint')}
        defaultValue={values.validTo ?? ''}
        error={errors.validTo}
      />
      <ChoiceGroup
        name="caregiverLeaveSwap"
        type="checkbox"
        legend={t('backoffice:decision.swapLegend')}
        hint={t('backoffice:decision.swapHint')}
        error={errors.caregiverLeaveSwap}
        checked={values.caregiverLeaveSwap === 'yes' ? ['yes'] : []}
        choices={[{ value: 'yes', label: t('backoffice:decision.swapLabel') }]}
      />
      <p>{t('backoffice:decision.linesIntro', { count: rows })}</p>
      {Array.from({ length: rows }, (_, i) => i + 1).map((row) => (
        <fieldset key={row} className="field">
          <legend>{t('backoffice:decision.row', { row })}</legend>
          <Select
            name={`serviceId_${row}`}
            label={t('backoffice:decision.service')}
            options={options}
            defaultValue={values[`serviceId_${row}`] ?? ''}
            error={errors[`serviceId_${row}`]}
          />
          <Field
            name={`amount_${row}`}
            inputMode="decimal"
            autoComplete="off"
            className="input input--short"
            label={t('backoffice:decision.amount')}
            hint={t('backoffice:decision.amountHint')}
            defaultValue={values[`amount_${row}`] ?? ''}
            error={errors[`amount_${row}`]}
          />
        </fieldset>
      ))}
      <TextArea name="note" label={t('backoffice:decision.note')} hint={t('backoffice:decision.noteHint')} rows={4} defaultValue={values.note ?? ''} error={errors.note} />
    </>
  );
}

/** The one-time password of a new or reset login, shown once after the POST (never stored in clear). */
export function TemporaryPasswordPanel({
  title,
  text,
  password,
  back,
}: {
  title: string;
  text: string;
  password: string;
  back: { to: string; label: string };
}) {
  const { t } = useT();
  return (
    <div className="narrow">
      <div className="panel panel--confirmation" role="status">
        <h1 className="panel-title">{title}</h1>
        <div className="panel-body">
          <p>{text}</p>
          <p>
            {t('backoffice:users.temporaryPassword')} <strong className="receipt-number">{password}</strong>
          </p>
        </div>
      </div>
      <p>{t('backoffice:users.temporaryHint')}</p>
      <p>
        <Link to={back.to}>{back.label}</Link>
      </p>
    </div>
  );
}
