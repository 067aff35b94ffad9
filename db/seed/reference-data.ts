// Reference data every database needs: the municipalities of Kainuu and the service catalogue,
// and the dates the demo and bench prices and decisions start from.
import type { AppDatabase } from '../client.server';
import { municipalities, services, type ServiceUnit } from '../schema';

export const PRICES_FROM = '2026-01-01';
export const DECISIONS_FROM = '2026-01-01';

export type Transaction = Parameters<Parameters<AppDatabase['transaction']>[0]>[0];

/** The eight municipalities of Kainuu with their Statistics Finland codes. */
export const KAINUU_MUNICIPALITIES = [
  { code: '105', nameFi: 'Hyrynsalmi', nameSv: 'Hyrynsalmi' },
  { code: '205', nameFi: 'Kajaani', nameSv: 'Kajana' },
  { code: '290', nameFi: 'Kuhmo', nameSv: 'Kuhmo' },
  { code: '578', nameFi: 'Paltamo', nameSv: 'Paltamo' },
  { code: '620', nameFi: 'Puolanka', nameSv: 'Puolanka' },
  { code: '697', nameFi: 'Ristijärvi', nameSv: 'Ristijärvi' },
  { code: '765', nameFi: 'Sotkamo', nameSv: 'Sotkamo' },
  { code: '777', nameFi: 'Suomussalmi', nameSv: 'Suomussalmi' },
] as const;

export const HYRYNSALMI = '105';
export const KAJAANI = '205';
export const KUHMO = '290';
export const PALTAMO = '578';
export const PUOLANKA = '620';
export const RISTIJARVI = '697';
export const SOTKAMO = '765';
export const SUOMUSSALMI = '777';
export const ALL_MUNICIPALITIES = KAINUU_MUNICIPALITIES.map((m) => m.code);

type ServiceSeed = {
  code: string;
  nameFi: string;
  nameSv: string;
  unit: ServiceUnit;
  category: 'hb' | 'caregiver';
};

export const SERVICE_CATALOGUE = [
  // Services of the HB pilot for older and disabled people.
  { code: 'home-care', nameFi: 'kotihoito', nameSv: 'hemvård', unit: 'hour', category: 'hb' },
  { code: 'caregiver-leave', nameFi: 'omaishoidon vapaa', nameSv: 'närståendevårdares ledighet', unit: 'day', category: 'hb' },
  { code: 'personal-assistance', nameFi: 'henkilökohtainen apu', nameSv: 'personlig assistans', unit: 'hour', category: 'hb' },
  // Services a family caregiver of a special-needs child may take instead of statutory leave.
  { code: 'cleaning', nameFi: 'siivous', nameSv: 'städning', unit: 'hour', category: 'caregiver' },
  { code: 'handyman', nameFi: 'talkkaripalvelu', nameSv: 'fastighetsskötsel', unit: 'hour', category: 'caregiver' },
  { code: 'escort', nameFi: 'saattajapalvelu', nameSv: 'ledsagarservice', unit: 'hour', category: 'caregiver' },
  { code: 'meals', nameFi: 'ateriapalvelu', nameSv: 'måltidsservice', unit: 'meal', category: 'caregiver' },
  {
    code: 'social-activities',
    nameFi: 'sosiaalista kanssakäymistä edistävä toiminta',
    nameSv: 'verksamhet som främjar social samvaro',
    unit: 'visit',
    category: 'caregiver',
  },
  { code: 'childcare', nameFi: 'lastenhoito', nameSv: 'barnvård', unit: 'hour', category: 'caregiver' },
  { code: 'laundry', nameFi: 'pyykkipalvelu', nameSv: 'tvättservice', unit: 'kilo', category: 'caregiver' },
  { code: 'errands', nameFi: 'asiointiapu', nameSv: 'uträttande av ärenden', unit: 'hour', category: 'caregiver' },
  {
    code: 'family-home-help',
    nameFi: 'lapsiperheiden kotipalvelu',
    nameSv: 'hemservice för barnfamiljer',
    unit: 'hour',
    category: 'caregiver',
  },
  { code: 'garden', nameFi: 'pihatyöt', nameSv: 'trädgårdsarbete', unit: 'hour', category: 'caregiver' },
  { code: 'snow-clearing', nameFi: 'lumityöt', nameSv: 'snöröjning', unit: 'visit', category: 'caregiver' },
  { code: 'transport', nameFi: 'kuljetuspalvelu', nameSv: 'transporttjänst', unit: 'trip', category: 'caregiver' },
  { code: 'sauna-bathing', nameFi: 'saunotus', nameSv: 'bastubad med hjälp', unit: 'visit', category: 'caregiver' },
  { code: 'safety-alarm', nameFi: 'turvapuhelinpalvelu', nameSv: 'trygghetstelefon', unit: 'day', category: 'caregiver' },
] as const satisfies readonly ServiceSeed[];

export type ServiceCode = (typeof SERVICE_CATALOGUE)[number]['code'];

export function must<T>(map: Map<string, T>, key: string): T {
  const value = map.get(key);
  if (value === undefined) throw new Error(`Seed data refers to unknown key ${key}`);
  return value;
}

/** Inserts municipalities and the service catalogue unless they are there; returns service ids by code. */
export function ensureReferenceData(tx: Transaction): Map<string, number> {
  tx.insert(municipalities).values([...KAINUU_MUNICIPALITIES]).onConflictDoNothing().run();
  tx.insert(services).values([...SERVICE_CATALOGUE]).onConflictDoNothing().run();
  const rows = tx.select({ id: services.id, code: services.code }).from(services).all();
  return new Map(rows.map((r) => [r.code, r.id]));
}
