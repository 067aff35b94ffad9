import type { InputHTMLAttributes, ReactNode, TextareaHTMLAttributes } from 'react';
import { useRouteLoaderData } from '@remix-run/react';
import { keyFromData, useT } from '../i18n/i18n';

import type { FieldErrors } from '../utils/fieldErrors';

export type { FieldErrors };

/** The hidden CSRF field every form that posts must carry. */
export function CsrfField() {
  const root = useRouteLoaderData<{ csrfToken: string }>('root');
  return <input type="hidden" name="csrf" value={root?.csrfToken ?? ''} />;
}

/**
 * A button that posts one action: its own form, the intent and the values in hidden fields, so the
 * button's text is all a reader hears or a text browser shows (lynx shows a button's value, not its text).
 */
export function ActionButton({
  intent,
  values = {},
  action,
  className = 'button',
  children,
}: {
  intent: string;
  values?: Record<string, string | number>;
  action?: string;
  className?: string;
  children: ReactNode;
}) {
  return (
    <form method="post" action={action} className="inline-form">
      <CsrfField />
      <input type="hidden" name="intent" value={intent} />
      {Object.entries(values).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <button type="submit" className={className}>
        {children}
      </button>
    </form>
  );
}

/** GOV.UK-style error summary: focusable heading, a link to each field with an error. */
export function ErrorSummary({ errors }: { errors?: FieldErrors | null }) {
  const { t } = useT();
  const entries = Object.entries(errors ?? {});
  if (entries.length === 0) return null;
  return (
    <div className="error-summary" aria-labelledby="error-summary-title" role="alert" tabIndex={-1}>
      <h2 id="error-summary-title">{t('common:errors.summaryTitle')}</h2>
      <ul>
        {entries.map(([field, key]) => (
          <li key={field}>
            <a href={field === 'form' ? '#main' : `#${field}`}>{t(keyFromData(key))}</a>
          </li>
        ))}
      </ul>
    </div>
  );
}

function describedBy(id: string, hint?: ReactNode, error?: string) {
  return [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ') || undefined;
}

function ErrorMessage({ id, error }: { id: string; error?: string }) {
  const { t } = useT();
  if (!error) return null;
  return (
    <p id={`${id}-error`} className="field-error">
      <span className="visually-hidden">{t('common:errors.prefix')}</span> {t(keyFromData(error))}
    </p>
  );
}

/** Label, hint and inline error around one control, tied together by ids. */
function FieldFrame({ id, label, hint, error, children }: { id: string; label: ReactNode; hint?: ReactNode; error?: string; children: ReactNode }) {
  return (
    <div className={`field${error ? ' field--error' : ''}`}>
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <p id={`${id}-hint`} className="hint">
          {hint}
        </p>
      ) : null}
      <ErrorMessage id={id} error={error} />
      {children}
    </div>
  );
}

type FieldProps = {
  name: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: string;
  id?: string;
} & Omit<InputHTMLAttributes<HTMLInputElement>, 'id' | 'name'>;

/** A labelled input with hint and inline error tied together by ids. */
export function Field({ name, label, hint, error, id = name, className, ...input }: FieldProps) {
  return (
    <FieldFrame id={id} label={label} hint={hint} error={error}>
      <input
        id={id}
        name={name}
        className={className ?? 'input'}
        aria-describedby={describedBy(id, hint, error)}
        aria-invalid={error ? true : undefined}
        {...input}
      />
    </FieldFrame>
  );
}

type TextAreaProps = {
  name: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: string;
  id?: string;
} & Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'id' | 'name'>;

export function TextArea({ name, label, hint, error, id = name, ...textarea }: TextAreaProps) {
  return (
    <FieldFrame id={id} label={label} hint={hint} error={error}>
      <textarea
        id={id}
        name={name}
        className="input"
        rows={6}
        aria-describedby={describedBy(id, hint, error)}
        aria-invalid={error ? true : undefined}
        {...textarea}
      />
    </FieldFrame>
  );
}

type Choice = { value: string; label: ReactNode; lang?: string };

/** Radios or checkboxes in a fieldset with a legend; the first input carries the field's id. */
export function ChoiceGroup({
  name,
  legend,
  hint,
  error,
  choices,
  type = 'radio',
  checked,
}: {
  name: string;
  legend: ReactNode;
  hint?: ReactNode;
  error?: string;
  choices: Choice[];
  type?: 'radio' | 'checkbox';
  checked: string[];
}) {
  return (
    <fieldset className={`field${error ? ' field--error' : ''}`} aria-describedby={describedBy(name, hint, error)}>
      <legend>{legend}</legend>
      {hint ? (
        <p id={`${name}-hint`} className="hint">
          {hint}
        </p>
      ) : null}
      <ErrorMessage id={name} error={error} />
      <div className="choices">
        {choices.map((choice, i) => {
          const id = i === 0 ? name : `${name}-${choice.value}`;
          return (
            <div className="choice" key={choice.value}>
              <input
                type={type}
                id={id}
                name={name}
                value={choice.value}
                defaultChecked={checked.includes(choice.value)}
                aria-invalid={error ? true : undefined}
              />
              <label htmlFor={id} lang={choice.lang}>
                {choice.label}
              </label>
            </div>
          );
        })}
      </div>
    </fieldset>
  );
}

type SelectProps = {
  name: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: string;
  options: { value: string; label: string }[];
  defaultValue?: string;
  id?: string;
};

export function Select({ name, label, hint, error, options, defaultValue, id = name }: SelectProps) {
  return (
    <FieldFrame id={id} label={label} hint={hint} error={error}>
      <select
        id={id}
        name={name}
        className="input"
        defaultValue={defaultValue}
        aria-describedby={describedBy(id, hint, error)}
        aria-invalid={error ? true : undefined}
      >
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </FieldFrame>
  );
}
