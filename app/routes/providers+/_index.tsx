// The provider catalogue, open to everyone: a plain GET form whose URL holds the whole query, one
// page of 20 results, and checkboxes that send up to three providers to the comparison page.
import type { LoaderFunctionArgs } from '@remix-run/node';
import { data } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { getSessionUser } from '../../auth/session.server';
import { MAX_COMPARE } from '../../domain/catalogueLimits';
import { AreaList, BudgetUnitsText, catalogueHref, LanguageList, PriceText } from '../../components/catalogue';
import { Pagination } from '../../components/Pagination';
import { localName } from '../../i18n/localName';
import { ChoiceGroup, ErrorSummary, Field, Select } from '../../components/forms';
import {
  activeServices,
  allMunicipalities,
  budgetUnitsAt,
  currentOfferings,
  parseCatalogueQuery,
  remainingForUser,
  searchProviders,
  type CatalogueResults,
} from '../../domain/catalogue.server';
import { formatEuros } from '../../domain/money';
import { useT } from '../../i18n/i18n';
import { textsFor } from '../../i18n/language.server';

export const handle = { title: 'catalogue:title' };

export function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const { query, values, errors } = parseCatalogueQuery(url.searchParams);
  const ok = Object.keys(errors).length === 0;
  const found: CatalogueResults | null = ok ? searchProviders(query) : null;
  const remaining = remainingForUser(getSessionUser(request));
  const offerings = found && remaining.size > 0 ? currentOfferings(found.results.map((r) => r.id)) : new Map();
  const results = (found?.results ?? []).map((result) => ({
    ...result,
    budgetUnits: budgetUnitsAt(offerings.get(result.id) ?? [], remaining),
  }));
  const t = textsFor(request);
  const pageTitle =
    found && found.pageCount > 1 ? t('catalogue:pageTitle', { page: found.page, pages: found.pageCount }) : t('catalogue:title');
  return data(
    {
      values,
      errors,
      sort: query.sort,
      serviceChosen: query.serviceId !== null,
      services: activeServices(),
      municipalities: allMunicipalities(),
      total: found?.total ?? 0,
      page: found?.page ?? 1,
      pageCount: found?.pageCount ?? 1,
      results,
      signedInClient: remaining.size > 0,
      pageTitle,
    },
    { status: ok ? 200 : 400 },
  );
}

type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>;

function Filters({ view }: { view: LoaderData }) {
  const { t, lang } = useT();
  const { values, errors } = view;
  return (
    <form method="get" action="/providers" className="catalogue-filters" role="search" aria-label={t('catalogue:filters.label')}>
      <div className="filter-form">
        <Select
          name="service"
          label={t('catalogue:filters.service')}
          defaultValue={values.service}
          error={errors.service}
          options={[
            { value: '', label: t('catalogue:filters.allServices') },
            ...view.services.map((service) => ({ value: String(service.id), label: localName(service, lang) })),
          ]}
        />
        <Select
          name="municipality"
          label={t('catalogue:filters.municipality')}
          defaultValue={values.municipality}
          error={errors.municipality}
          options={[
            { value: '', label: t('catalogue:filters.allMunicipalities') },
            ...view.municipalities.map((m) => ({ value: m.code, label: localName(m, lang) })),
          ]}
        />
        <Select
          name="language"
          label={t('catalogue:filters.language')}
          defaultValue={values.language}
          error={errors.language}
          options={[
            { value: '', label: t('catalogue:filters.anyLanguage') },
            ...(['fi', 'sv', 'en'] as const).map((code) => ({ value: code, label: t(`common:languages.${code}`) })),
          ]}
        />
        <Field
          name="maxPrice"
          inputMode="decimal"
          autoComplete="off"
          label={t('catalogue:filters.maxPrice')}
          hint={t('catalogue:filters.maxPriceHint')}
          defaultValue={values.maxPrice}
          error={errors.maxPrice}
        />
        <Field
          name="q"
          type="search"
          maxLength={100}
          label={t('catalogue:filters.text')}
          hint={t('catalogue:filters.textHint')}
          defaultValue={values.q}
          error={errors.q}
        />
      </div>
      <ChoiceGroup
        name="sort"
        legend={t('catalogue:filters.sort')}
        error={errors.sort}
        checked={[view.sort]}
        choices={[
          { value: 'name', label: t('catalogue:filters.sortName') },
          { value: 'price', label: t('catalogue:filters.sortPrice') },
        ]}
      />
      <button type="submit" className="button">
        {t('catalogue:filters.submit')}
      </button>
      <Link to="/providers" className="button button--secondary">
        {t('catalogue:filters.clear')}
      </Link>
    </form>
  );
}

function CataloguePages({ view }: { view: LoaderData }) {
  const { t } = useT();
  return <Pagination label={t('catalogue:pagination.label')} page={view.page} pageCount={view.pageCount} href={(n) => catalogueHref(view.values, n)} />;
}

export default function Catalogue() {
  const { t, lang } = useT();
  const view = useLoaderData<typeof loader>();
  const { results } = view;
  return (
    <>
      <ErrorSummary errors={view.errors} />
      <h1>{t('catalogue:title')}</h1>
      <p className="lead">{t('catalogue:lead')}</p>
      <Filters view={view} />
      <h2 id="results-title">{t('catalogue:results.title')}</h2>
      <p>
        {Object.keys(view.errors).length > 0
          ? t('catalogue:results.fixErrors')
          : view.total === 0
            ? t('catalogue:results.none')
            : t('catalogue:results.count', { count: view.total, page: view.page, pages: view.pageCount })}
      </p>
      {results.length > 0 ? (
        <form method="get" action="/providers/compare" aria-labelledby="results-title">
          <ul className="provider-results">
            {results.map((result) => (
              <li key={result.id} className="card provider-result">
                <h3>
                  <Link to={`/providers/${result.id}`}>{result.name}</Link>
                </h3>
                <dl className="summary-list">
                  <div>
                    <dt>{t(view.serviceChosen ? 'catalogue:results.price' : 'catalogue:results.lowestPrice')}</dt>
                    <dd>
                      {result.unit ? (
                        <PriceText priceCents={result.priceCents} unit={result.unit} />
                      ) : (
                        t('catalogue:results.priceFrom', { price: formatEuros(result.priceCents, lang) })
                      )}
                    </dd>
                  </div>
                  <div>
                    <dt>{t('catalogue:provider.areas')}</dt>
                    <dd>
                      <AreaList areas={result.municipalities} />
                    </dd>
                  </div>
                  <div>
                    <dt>{t('catalogue:provider.languages')}</dt>
                    <dd>
                      <LanguageList languages={result.languages} />
                    </dd>
                  </div>
                  {result.budgetUnits.length > 0 ? (
                    <div>
                      <dt>{t('catalogue:budget.title')}</dt>
                      <dd>
                        <ul className="plain-list">
                          {result.budgetUnits.map((item) => (
                            <li key={item.serviceId}>
                              <BudgetUnitsText item={item} />
                            </li>
                          ))}
                        </ul>
                      </dd>
                    </div>
                  ) : null}
                </dl>
                <div className="choice">
                  <input type="checkbox" id={`compare-${result.id}`} name="id" value={result.id} />
                  <label htmlFor={`compare-${result.id}`}>{t('catalogue:results.compareThis', { name: result.name })}</label>
                </div>
              </li>
            ))}
          </ul>
          {view.signedInClient ? <p className="hint">{t('catalogue:budget.note')}</p> : null}
          <p className="hint" id="compare-hint">
            {t('catalogue:results.compareHint', { max: MAX_COMPARE })}
          </p>
          <button type="submit" className="button" aria-describedby="compare-hint">
            {t('catalogue:results.compareSubmit')}
          </button>
        </form>
      ) : null}
      <CataloguePages view={view} />
      <h2>{t('catalogue:applyTitle')}</h2>
      <p>
        {t('catalogue:applyText')} <Link to="/providers/apply">{t('catalogue:applyLink')}</Link>
      </p>
    </>
  );
}
