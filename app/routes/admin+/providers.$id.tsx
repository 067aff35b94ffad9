// One provider as the administrator sees it, with the status changes its status allows: approve or
// reject an application, suspend an approved provider, reinstate a suspended one. A reason is
// required except for approval; every change is audit-logged with it.
import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { data, redirect } from '@remix-run/node';
import { Link, useActionData, useLoaderData } from '@remix-run/react';
import { z } from 'zod';
import { parseId, requireUser } from '../../auth/guards.server';
import { AreaList, LanguageList } from '../../components/catalogue';
import { localName } from '../../i18n/localName';
import { ChoiceGroup, CsrfField, ErrorSummary, TextArea } from '../../components/forms';
import { allMunicipalities } from '../../domain/catalogue.server';
import { MAX_REASON_LENGTH } from '../../domain/catalogueLimits';
import {
  changeProviderStatus,
  providerForAdmin,
  STATUS_CHANGES,
  statusChangesFor,
  type ProviderStatusChange,
} from '../../domain/providerApproval.server';
import { formatDate, formatDateTime } from '../../i18n/format';
import { formatEuros } from '../../domain/money';
import { useT } from '../../i18n/i18n';
import { readForm, validateForm, type FieldErrors, type FormValues } from '../../utils/forms.server';
import { clientIp, fail } from '../../utils/http.server';
import { isOneOf } from '../../utils/oneOf';

function requireProvider(request: Request, params: LoaderFunctionArgs['params']) {
  const user = requireUser(request, ['admin']);
  const found = providerForAdmin(parseId(params.id));
  if (!found) fail(404);
  return { user, found };
}

export function loader({ request, params }: LoaderFunctionArgs) {
  const { found } = requireProvider(request, params);
  const done = new URL(request.url).searchParams.get('done');
  const areaCodes = new Set(found.areas);
  return {
    ...found,
    areaNames: allMunicipalities().filter((m) => areaCodes.has(m.code)),
    statusChanges: statusChangesFor(found.provider.status),
    done: isOneOf(STATUS_CHANGES, done) ? done : null,
    pageTitle: found.provider.name,
  };
}

const statusChangeSchema = z
  .object({
    change: z.enum(STATUS_CHANGES, 'catalogue:admin.errors.statusChange'),
    reason: z.string().trim().max(MAX_REASON_LENGTH, 'catalogue:admin.errors.reasonTooLong').default(''),
  })
  .superRefine((value, ctx) => {
    if (value.change !== 'approve' && value.reason === '') {
      ctx.addIssue({ code: 'custom', path: ['reason'], message: 'catalogue:admin.errors.reasonRequired' });
    }
  });

type ActionResult = { errors: FieldErrors; values: FormValues };

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, found } = requireProvider(request, params);
  const form = await readForm(request);
  const parsed = validateForm(form, statusChangeSchema);
  if (!parsed.ok) return data<ActionResult>({ errors: parsed.errors, values: parsed.values }, { status: 400 });
  const { change, reason } = parsed.data;
  const outcome = changeProviderStatus({ userId: user.id, ip: clientIp(request) }, found.provider.id, change, reason);
  if (outcome.kind === 'notFound') fail(404);
  if (outcome.kind === 'conflict') {
    return data<ActionResult>({ errors: { form: 'catalogue:admin.errors.conflict' }, values: parsed.values }, { status: 409 });
  }
  return redirect(`/admin/providers/${found.provider.id}?done=${change}`, { status: 303 });
}

function StatusChangeForm({ providerId, changes, errors, values }: { providerId: number; changes: ProviderStatusChange[]; errors: FieldErrors; values: FormValues }) {
  const { t } = useT();
  if (changes.length === 0) return <p>{t('catalogue:admin.noStatusChanges')}</p>;
  const single = changes.length === 1 ? changes[0] : null;
  return (
    <form method="post" action={`/admin/providers/${providerId}`} noValidate>
      <CsrfField />
      {single ? (
        <input type="hidden" name="change" value={single} />
      ) : (
        <ChoiceGroup
          name="change"
          legend={t('catalogue:admin.statusChangeLegend')}
          error={errors.change}
          checked={[values.change ?? '']}
          choices={changes.map((c) => ({ value: c, label: t(`catalogue:admin.statusChanges.${c}`) }))}
        />
      )}
      <TextArea
        name="reason"
        label={t('catalogue:admin.reasonLabel')}
        hint={t(single ? 'catalogue:admin.reasonHintRequired' : 'catalogue:admin.reasonHint', { max: MAX_REASON_LENGTH })}
        maxLength={MAX_REASON_LENGTH}
        rows={4}
        defaultValue={values.reason ?? ''}
        error={errors.reason}
      />
      <button type="submit" className={`button${single === 'suspend' ? ' button--warning' : ''}`}>
        {t(single ? `catalogue:admin.submit.${single}` : 'catalogue:admin.submit.decide')}
      </button>
    </form>
  );
}

export default function AdminProvider() {
  const { t, lang } = useT();
  const { provider, offerings, areaNames, languages, history, statusChanges, done } = useLoaderData<typeof loader>();
  const result = useActionData<ActionResult>();
  const errors = result?.errors ?? {};
  return (
    <>
      <ErrorSummary errors={errors} />
      <p>
        <Link to="/admin/providers">{t('catalogue:admin.backToList')}</Link>
      </p>
      {done ? (
        <div className="notice notice--success" role="status">
          <p>{t(`catalogue:admin.done.${done}`)}</p>
        </div>
      ) : null}
      <h1>{provider.name}</h1>
      <dl className="summary-list">
        <div>
          <dt>{t('catalogue:admin.status')}</dt>
          <dd>
            <strong>{t(`pages:provider.statuses.${provider.status}`)}</strong>
            {provider.statusReason ? <span className="multiline">{` – ${provider.statusReason}`}</span> : null}
          </dd>
        </div>
        <div>
          <dt>{t('catalogue:admin.businessId')}</dt>
          <dd>{provider.businessId}</dd>
        </div>
        <div>
          <dt>{t('catalogue:admin.receivedAt')}</dt>
          <dd>{formatDate(provider.createdAt, lang)}</dd>
        </div>
        {provider.approvedAt ? (
          <div>
            <dt>{t('catalogue:admin.approvedAt')}</dt>
            <dd>{formatDate(provider.approvedAt, lang)}</dd>
          </div>
        ) : null}
        <div>
          <dt>{t('catalogue:provider.contactName')}</dt>
          <dd>{provider.contactName}</dd>
        </div>
        <div>
          <dt>{t('catalogue:provider.email')}</dt>
          <dd>{provider.email}</dd>
        </div>
        <div>
          <dt>{t('catalogue:provider.phone')}</dt>
          <dd>{provider.phone || t('catalogue:provider.notGiven')}</dd>
        </div>
        <div>
          <dt>{t('catalogue:provider.areas')}</dt>
          <dd>
            <AreaList areas={areaNames} />
          </dd>
        </div>
        <div>
          <dt>{t('catalogue:provider.languages')}</dt>
          <dd>
            <LanguageList languages={languages} />
          </dd>
        </div>
        <div>
          <dt>{t('catalogue:admin.descriptionFi')}</dt>
          <dd className="multiline" lang="fi">
            {provider.descriptionFi || t('catalogue:provider.notGiven')}
          </dd>
        </div>
        <div>
          <dt>{t('catalogue:admin.descriptionSv')}</dt>
          <dd className="multiline" lang="sv">
            {provider.descriptionSv || t('catalogue:provider.notGiven')}
          </dd>
        </div>
      </dl>
      <div className="table-wrap" role="region" aria-labelledby="prices-caption" tabIndex={0}>
        <table>
          <caption id="prices-caption">{t('catalogue:admin.pricesCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('catalogue:provider.service')}</th>
              <th scope="col" className="numeric">
                {t('catalogue:provider.price')}
              </th>
              <th scope="col">{t('catalogue:admin.validFrom')}</th>
            </tr>
          </thead>
          <tbody>
            {offerings.map((o) => (
              <tr key={`${o.serviceId}-${o.validFrom}`}>
                <th scope="row">{localName(o, lang)}</th>
                <td className="numeric">
                  {formatEuros(o.priceCents, lang)} / {t(`common:units.${o.unit}`)}
                </td>
                <td>{formatDate(o.validFrom, lang)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h2>{t('catalogue:admin.statusChangeTitle')}</h2>
      <StatusChangeForm providerId={provider.id} changes={statusChanges} errors={errors} values={result?.values ?? {}} />
      {history.length > 0 ? (
        <>
          <h2>{t('catalogue:admin.historyTitle')}</h2>
          <ul className="plain-list">
            {history.map((entry, i) => (
              <li key={i}>
                {formatDateTime(entry.createdAt, lang)}: {t(`catalogue:admin.statusChanges.${entry.change}`)}
                {entry.reason ? ` – ${entry.reason}` : ''}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </>
  );
}
