import { useT } from '../i18n/i18n';

/** Said plainly on every demo IdP page: this is not Suomi.fi. */
export function DemoBanner() {
  const { t } = useT();
  return (
    <div className="notice" role="note">
      <p>
        <strong>{t('auth:demoIdp.banner')}</strong>
      </p>
    </div>
  );
}
