// Up to three providers side by side: `/providers/compare?id=1&id=4`. A real table with a caption,
// a column per provider and a row per service, so screen readers announce both headers.
import type { LoaderFunctionArgs } from '@remix-run/node';
import { data } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { getSessionUser } from '../../auth/session.server';
import { MAX_COMPARE } from '../../domain/catalogueLimits';
import { AreaList, LanguageList, PriceText } from '../../components/catalogue';
import { localName } from '../../i18n/localName';
import { compareProviders, remainingForUser, unitsAffordable } from '../../domain/catalogue.server';
import { formatDate } from '../../i18n/format';
import { formatEuros } from '../../domain/money';
import { useT } from '../../i18n/i18n';

export const handle = { title: 'catalogue:compare.title' };

export function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const outcome = compareProviders(url.searchParams.getAll('id'));
  if (outcome.kind !== 'ok') {
    const status = outcome.kind === 'unknown' ? 404 : 400;
    return data({ kind: outcome.kind, count: outcome.kind === 'tooMany' ? outcome.count : 0, providers: [], services: [], budget: [] }, { status });
  }
  // Every service any of them offers, once, so the rows line up.
  const services = [
    ...new Map(outcome.providers.flatMap((p) => p.offerings).map((o) => [o.serviceId, { id: o.serviceId, nameFi: o.nameFi, nameSv: o.nameSv, unit: o.unit }])).values(),
  ].sort((a, b) => a.nameFi.localeCompare(b.nameFi, 'fi'));
  const remaining = remainingForUser(getSessionUser(request));
  const budget = [...remaining.entries()].map(([serviceId, line]) => ({
    serviceId,
    ...line,
    units: outcome.providers.map((p) => {
      const offering = p.offerings.find((o) => o.serviceId === serviceId);
      return offering ? unitsAffordable(line.remainingCents, offering.priceCents) : null;
    }),
  }));
  return { kind: 'ok' as const, count: outcome.providers.length, providers: outcome.providers, services, budget };
}

function Problem({ kind, count }: { kind: string; count: number }) {
  const { t } = useT();
  const message =
    kind === 'tooMany'
      ? t('catalogue:compare.tooMany', { count, max: MAX_COMPARE })
      : kind === 'unknown'
        ? t('catalogue:compare.unknown')
        : t('catalogue:compare.none', { max: MAX_COMPARE });
  return (
    <div className="narrow">
      <h1>{t('catalogue:compare.title')}</h1>
      <div className="notice notice--warning" role="alert">
        <p>{message}</p>
      </div>
      <p>
        <Link to="/providers">{t('catalogue:backToSearch')}</Link>
      </p>
    </div>
  );
}

/** Accessibility in the reader's language; a fallback in the other language is marked with its lang. */
function AccessibilityText({ fi, sv }: { fi: string; sv: string }) {
  const { t, lang } = useT();
  const own = lang === 'sv' ? sv : fi;
  if (own) return <>{own}</>;
  const other = lang === 'sv' ? fi : sv;
  if (!other) return <>{t('catalogue:provider.notGiven')}</>;
  return <span lang={lang === 'sv' ? 'fi' : 'sv'}>{other}</span>;
}

export default function Compare() {
  const { t, lang } = useT();
  const view = useLoaderData<typeof loader>();
  if (view.kind !== 'ok') return <Problem kind={view.kind} count={view.count} />;
  const { providers, services, budget } = view;
  const names = providers.map((p) => p.name);
  return (
    <>
      <p>
        <Link to="/providers">{t('catalogue:backToSearch')}</Link>
      </p>
      <h1>{t('catalogue:compare.title')}</h1>
      <div className="table-wrap" role="region" aria-labelledby="compare-caption" tabIndex={0}>
        <table className="compare-table">
          <caption id="compare-caption">{t('catalogue:compare.caption', { names: names.join(', ') })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('catalogue:compare.feature')}</th>
              {providers.map((p) => (
                <th scope="col" key={p.id}>
                  <Link to={`/providers/${p.id}`}>{p.name}</Link>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {services.map((service) => (
              <tr key={service.id}>
                <th scope="row">{localName(service, lang)}</th>
                {providers.map((p) => {
                  const offering = p.offerings.find((o) => o.serviceId === service.id);
                  return (
                    <td key={p.id}>
                  <ProviderPrefix name={p.name} />
                      {offering ? <PriceText priceCents={offering.priceCents} unit={offering.unit} /> : t('catalogue:compare.notOffered')}
                    </td>
                  );
                })}
              </tr>
            ))}
            {budget.map((line) => (
              <tr key={`budget-${line.serviceId}`} className="compare-budget">
                <th scope="row">
                  {t('catalogue:compare.budgetRow', { service: localName(line, lang), remaining: formatEuros(line.remainingCents, lang) })}
                </th>
                {line.units.map((units, i) => (
                  <td key={providers[i].id}>
                    <ProviderPrefix name={providers[i].name} />
                    {units === null
                      ? t('catalogue:compare.notOffered')
                      : t(`budget:quantity.${line.unit}`, { count: units, amount: String(units) })}
                  </td>
                ))}
              </tr>
            ))}
            <tr>
              <th scope="row">{t('catalogue:provider.areas')}</th>
              {providers.map((p) => (
                <td key={p.id}>
                  <ProviderPrefix name={p.name} />
                  <AreaList areas={p.municipalities} />
                </td>
              ))}
            </tr>
            <tr>
              <th scope="row">{t('catalogue:provider.languages')}</th>
              {providers.map((p) => (
                <td key={p.id}>
                  <ProviderPrefix name={p.name} />
                  <LanguageList languages={p.languages} />
                </td>
              ))}
            </tr>
            <tr>
              <th scope="row">{t('catalogue:provider.accessibility')}</th>
              {providers.map((p) => (
                <td key={p.id} className="multiline">
                  <ProviderPrefix name={p.name} />
                  <AccessibilityText fi={p.accessibilityFi} sv={p.accessibilitySv} />
                </td>
              ))}
            </tr>
            <tr>
              <th scope="row">{t('catalogue:provider.approvedAt')}</th>
              {providers.map((p) => (
                <td key={p.id}>
                  <ProviderPrefix name={p.name} />{p.approvedAt ? formatDate(p.approvedAt, lang) : t('catalogue:provider.notGiven')}</td>
              ))}
            </tr>
          </tbody>
        </table>
      </div>
      {budget.length > 0 ? <p className="hint">{t('catalogue:budget.note')}</p> : null}
    </>
  );
}

/**
 * A text browser (lynx) lays a table out row by row without its column headers: each cell says
 * whose it is. Screen readers get that from the column header, so it is hidden from them too.
 */
function ProviderPrefix({ name }: { name: string }) {
  return (
    <span className="visually-hidden" aria-hidden="true">
      {name}:{' '}
    </span>
  );
}
