// Demo data for the Kainuu welfare region, and a large synthetic data set for the benchmark.
//
//   tsx db/seed.ts           migrate, and seed when the database has no users yet
//   tsx db/seed.ts --reset   start from a new database file, then seed
//
// The ledger and the audit log refuse DELETE (triggers), so a reset means a new file.
import { seedDemoIdentities } from './seed-identity';
import fs from 'node:fs';
import { pathToFileURL } from 'node:url';
import { count, eq, like } from 'drizzle-orm';
import { hashPassword } from '../app/auth/password.server';
import { composeIBAN } from 'ibantools';
import { businessIdCheckDigit } from '../app/domain/businessId';
import { toE164 } from '../app/domain/phone';
import { closeDb, databasePath, getDb, migrateDatabase, type AppDatabase } from './client.server';
import {
  budgetLines,
  clients,
  decisions,
  municipalities,
  providerLanguages,
  providerMunicipalities,
  providerOfferings,
  providers,
  representativeLinks,
  services,
  users,
  type Language,
  type Role,
  SERVICE_LANGUAGES,
  type ServiceUnit,
} from './schema';
import { currentTime } from '../app/domain/clock';

export const DEMO_PASSWORD = 'avain-demo';
const PRICES_FROM = '2026-01-01';
const DECISIONS_FROM = '2026-01-01';

type ServiceLanguage = (typeof SERVICE_LANGUAGES)[number];
type Transaction = Parameters<Parameters<AppDatabase['transaction']>[0]>[0];

// ---------------------------------------------------------------------------------------------
// Reference data
// ---------------------------------------------------------------------------------------------

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

const HYRYNSALMI = '105';
const KAJAANI = '205';
const KUHMO = '290';
const PALTAMO = '578';
const PUOLANKA = '620';
const RISTIJARVI = '697';
const SOTKAMO = '765';
const SUOMUSSALMI = '777';
const ALL_MUNICIPALITIES = KAINUU_MUNICIPALITIES.map((m) => m.code);

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

type ServiceCode = (typeof SERVICE_CATALOGUE)[number]['code'];

// ---------------------------------------------------------------------------------------------
// Providers
// ---------------------------------------------------------------------------------------------

type ProviderSeed = {
  key: string;
  name: string;
  businessIdBody: string; // seven digits; the check digit is computed
  contactName: string;
  email: string;
  phone: string;
  streetAddress: string;
  website?: string;
  descriptionFi: string;
  descriptionSv: string;
  accessibilityFi: string;
  accessibilitySv: string;
  status: 'approved' | 'pending' | 'suspended';
  statusReason?: string;
  approvedAt?: string;
  languages: ServiceLanguage[];
  municipalities: string[];
  prices: Partial<Record<ServiceCode, number>>; // cents per unit
};

const PROVIDERS: ProviderSeed[] = [
  {
    key: 'kotisiivous',
    name: 'Kainuun Kotisiivous Oy',
    businessIdBody: '3012478',
    contactName: 'Jari Kemppainen',
    email: 'asiakaspalvelu@kainuunkotisiivous.example',
    phone: '+358447201340',
    streetAddress: 'Kauppakatu 22, 87100 Kajaani',
    website: 'https://kainuunkotisiivous.example',
    descriptionFi:
      'Kajaanilainen siivousyritys, joka on siivonnut kainuulaisia koteja vuodesta 2009. Teemme ylläpito- ja perussiivouksia sekä ikkunanpesuja ja pieniä kodin korjaustöitä. Samat tutut siivoojat käyvät asiakkaan luona viikosta toiseen.',
    descriptionSv:
      'Ett städföretag från Kajana som har städat hem i Kajanaland sedan 2009. Vi utför underhålls- och grundstädning samt fönstertvätt och små reparationer i hemmet. Samma välbekanta städare kommer till kunden vecka efter vecka.',
    accessibilityFi: 'Palvelu tehdään asiakkaan kotona. Toimisto on katutasossa, ja sinne pääsee pyörätuolilla.',
    accessibilitySv: 'Tjänsten utförs i kundens hem. Kontoret ligger i gatuplan och går att nå med rullstol.',
    status: 'approved',
    approvedAt: '2025-12-03T09:15:00.000Z',
    languages: ['fi', 'en'],
    municipalities: [KAJAANI, PALTAMO, SOTKAMO, RISTIJARVI],
    prices: { cleaning: 4200, handyman: 4800 },
  },
  {
    key: 'kotiateria',
    name: 'Kajaanin Kotiateria Oy',
    businessIdBody: '3198240',
    contactName: 'Päivi Mikkonen',
    email: 'tilaukset@kajaaninkotiateria.example',
    phone: '+358407316582',
    streetAddress: 'Brahenkatu 5, 87100 Kajaani',
    descriptionFi:
      'Valmistamme kotiruokaa omassa keittiössämme Kajaanissa ja kuljetamme lämpimät ateriat kotiin arkipäivisin. Ruokalistalla on joka päivä kaksi vaihtoehtoa, ja erityisruokavaliot otetaan huomioon. Kuljettaja varmistaa samalla, että asiakkaalla on kaikki hyvin.',
    descriptionSv:
      'Vi lagar husmanskost i vårt eget kök i Kajana och kör ut varma måltider till hemmet på vardagar. Varje dag finns två rätter att välja mellan, och specialdieter beaktas. Chauffören ser samtidigt till att allt står väl till hos kunden.',
    accessibilityFi: 'Ateriat toimitetaan kotiin. Keittiön noutomyymälään on portaaton sisäänkäynti Brahenkadun puolelta.',
    accessibilitySv: 'Måltiderna levereras hem. Kökets avhämtningsbutik har en trappfri ingång från Brahenkatu.',
    status: 'approved',
    approvedAt: '2025-12-03T09:40:00.000Z',
    languages: ['fi'],
    municipalities: [KAJAANI, PALTAMO, SOTKAMO],
    prices: { meals: 950 },
  },
  {
    key: 'kotihoiva',
    name: 'Sotkamon Kotihoiva Oy',
    businessIdBody: '2765314',
    contactName: 'Riitta Keränen',
    email: 'toimisto@sotkamonkotihoiva.example',
    phone: '+358445823906',
    streetAddress: 'Kainuuntie 30, 88600 Sotkamo',
    descriptionFi:
      'Sairaanhoitajan perustama kotihoitoyritys, jonka lähihoitajat auttavat päivittäisissä toimissa, lääkehoidossa ja peseytymisessä. Toimimme Sotkamossa, Kajaanissa ja Kuhmossa myös iltaisin ja viikonloppuisin.',
    descriptionSv:
      'Ett hemvårdsföretag grundat av en sjukskötare. Våra närvårdare hjälper till med dagliga sysslor, medicinering och hygien. Vi arbetar i Sotkamo, Kajana och Kuhmo även på kvällar och veckoslut.',
    accessibilityFi: 'Palvelu annetaan asiakkaan kotona. Tarvittaessa mukana on siirtoapuvälineet.',
    accessibilitySv: 'Tjänsten ges i kundens hem. Vid behov har vi med oss förflyttningshjälpmedel.',
    status: 'approved',
    approvedAt: '2025-12-10T12:05:00.000Z',
    languages: ['fi'],
    municipalities: [SOTKAMO, KAJAANI, KUHMO],
    prices: { 'home-care': 5200, 'sauna-bathing': 3500, errands: 3800 },
  },
  {
    key: 'nordstrom',
    name: 'Hemtjänst Nordström Ab',
    businessIdBody: '1987632',
    contactName: 'Anna Nordström',
    email: 'kontakt@hemtjanstnordstrom.example',
    phone: '+358405127734',
    streetAddress: 'Pohjolankatu 12, 87100 Kajaani',
    website: 'https://hemtjanstnordstrom.example',
    descriptionFi:
      'Kaksikielinen kotipalveluyritys, joka palvelee asiakkaita ruotsiksi ja suomeksi. Tarjoamme kotihoitoa, siivousta ja ateriapalvelua sekä apua asiointiin ja saattajana. Olemme pieni perheyritys, ja asiakas tuntee aina työntekijänsä.',
    descriptionSv:
      'Ett tvåspråkigt hemserviceföretag som betjänar kunderna på svenska och finska. Vi erbjuder hemvård, städning och måltidsservice samt hjälp med ärenden och som ledsagare. Vi är ett litet familjeföretag, och kunden känner alltid sin personal.',
    accessibilityFi: 'Palvelut annetaan asiakkaan kotona. Toimistossa on esteetön sisäänkäynti ja induktiosilmukka.',
    accessibilitySv: 'Tjänsterna ges i kundens hem. Kontoret har tillgänglig entré och hörslinga.',
    status: 'approved',
    approvedAt: '2026-01-12T10:30:00.000Z',
    languages: ['sv', 'fi', 'en'],
    municipalities: [KAJAANI, SOTKAMO, PALTAMO],
    prices: { cleaning: 4500, meals: 1050, errands: 3900, escort: 4000, 'home-care': 5600 },
  },
  {
    key: 'kuhmo-asiointi',
    name: 'Kuhmon Asiointiapu Oy',
    businessIdBody: '3254106',
    contactName: 'Tapio Kyllönen',
    email: 'info@kuhmonasiointiapu.example',
    phone: '+358503471209',
    streetAddress: 'Kainuuntie 88, 88900 Kuhmo',
    descriptionFi:
      'Autamme kauppa-, pankki- ja apteekkiasioissa sekä saatamme asiakkaan lääkäriin tai harrastuksiin. Järjestämme myös kerhoja ja kotikäyntejä, jotka tuovat arkeen seuraa. Toimimme Kuhmossa ja Sotkamossa.',
    descriptionSv:
      'Vi hjälper till med ärenden i butiken, banken och apoteket och följer kunden till läkaren eller till fritidsaktiviteter. Vi ordnar också klubbar och hembesök som ger sällskap i vardagen. Vi verkar i Kuhmo och Sotkamo.',
    accessibilityFi: 'Kerhotila on katutasossa, ja siellä on esteetön wc.',
    accessibilitySv: 'Klubblokalen ligger i gatuplan och har en tillgänglig toalett.',
    status: 'approved',
    approvedAt: '2026-01-20T08:50:00.000Z',
    languages: ['fi'],
    municipalities: [KUHMO, SOTKAMO],
    prices: { errands: 3500, escort: 3700, transport: 1600, 'social-activities': 2800 },
  },
  {
    key: 'ss-kiinteisto',
    name: 'Suomussalmen Kiinteistöhuolto Ky',
    businessIdBody: '2943517',
    contactName: 'Veikko Oikarinen',
    email: 'huolto@suomussalmenkiinteisto.example',
    phone: '+358400918265',
    streetAddress: 'Kirkkotie 14, 89600 Suomussalmi',
    descriptionFi:
      'Teemme kotien ja pihojen huoltotöitä Suomussalmella, Hyrynsalmella ja Puolangalla. Lumityöt hoidetaan traktorilla tai lapiolla heti lumisateen jälkeen, ja kesällä leikkaamme nurmikot ja pensasaidat. Talkkari korjaa myös vuotavat hanat ja vaihtaa lamput.',
    descriptionSv:
      'Vi utför underhållsarbeten i hem och på gårdar i Suomussalmi, Hyrynsalmi och Puolanka. Snöröjningen sköts med traktor eller skovel direkt efter snöfallet, och på sommaren klipper vi gräsmattor och häckar. Fastighetsskötaren reparerar också droppande kranar och byter glödlampor.',
    accessibilityFi: 'Työt tehdään asiakkaan kotona ja pihalla.',
    accessibilitySv: 'Arbetet utförs i kundens hem och på gården.',
    status: 'approved',
    approvedAt: '2026-01-20T09:10:00.000Z',
    languages: ['fi'],
    municipalities: [SUOMUSSALMI, HYRYNSALMI, PUOLANKA],
    prices: { handyman: 4900, 'snow-clearing': 5500, garden: 4500 },
  },
  {
    key: 'paltamo-pyykki',
    name: 'Paltamon Pyykki ja Puhdistus Oy',
    businessIdBody: '3087625',
    contactName: 'Sari Pikkarainen',
    email: 'pyykki@paltamonpuhdistus.example',
    phone: '+358443380517',
    streetAddress: 'Kajaanintie 15, 88300 Paltamo',
    descriptionFi:
      'Pesemme, kuivaamme ja silitämme pyykit sekä noudamme ja palautamme ne kotiovelle. Teemme myös kotisiivouksia Paltamossa, Kajaanissa ja Ristijärvellä.',
    descriptionSv:
      'Vi tvättar, torkar och stryker tvätten samt hämtar och lämnar den vid dörren. Vi städar också hem i Paltamo, Kajana och Ristijärvi.',
    accessibilityFi: 'Pesulan asiakaspalvelupisteeseen on luiska ja leveä ovi.',
    accessibilitySv: 'Tvätteriets kundtjänst har ramp och bred dörr.',
    status: 'approved',
    approvedAt: '2026-02-02T11:00:00.000Z',
    languages: ['fi'],
    municipalities: [PALTAMO, KAJAANI, RISTIJARVI],
    prices: { laundry: 480, cleaning: 3900 },
  },
  {
    key: 'avustajat',
    name: 'Kainuun Avustajapalvelut Oy',
    businessIdBody: '2619843',
    contactName: 'Johanna Seppänen',
    email: 'avustajat@kainuunavustajapalvelut.example',
    phone: '+358505216743',
    streetAddress: 'Lönnrotinkatu 9, 87100 Kajaani',
    website: 'https://kainuunavustajapalvelut.example',
    descriptionFi:
      'Välitämme koulutettuja henkilökohtaisia avustajia vammaisille ihmisille koko Kainuun alueella. Avustaja auttaa kotona, työssä, opiskelussa ja vapaa-ajalla asiakkaan omien toiveiden mukaan. Palvelemme suomeksi, ruotsiksi ja englanniksi.',
    descriptionSv:
      'Vi förmedlar utbildade personliga assistenter till personer med funktionsnedsättning i hela Kajanaland. Assistenten hjälper till hemma, på jobbet, i studierna och på fritiden enligt kundens egna önskemål. Vi betjänar på finska, svenska och engelska.',
    accessibilityFi: 'Toimisto on toisessa kerroksessa, ja talossa on hissi. Tapaamisen voi sopia myös asiakkaan kotiin.',
    accessibilitySv: 'Kontoret ligger på andra våningen och huset har hiss. Möten kan också ordnas i kundens hem.',
    status: 'approved',
    approvedAt: '2025-12-15T13:20:00.000Z',
    languages: ['fi', 'sv', 'en'],
    municipalities: ALL_MUNICIPALITIES,
    prices: { 'personal-assistance': 3400, escort: 3600 },
  },
  {
    key: 'lapsiperheapu',
    name: 'Kainuun Lapsiperheapu Oy',
    businessIdBody: '2538760',
    contactName: 'Laura Juntunen',
    email: 'perheapu@kainuunlapsiperheapu.example',
    phone: '+358466120984',
    streetAddress: 'Koulukatu 4, 87100 Kajaani',
    descriptionFi:
      'Lastenhoitajamme ja lähihoitajamme tukevat lapsiperheitä arjessa: hoidamme lapsia, autamme kotitöissä ja annamme vanhemmille hetken omaa aikaa. Meillä on kokemusta erityistä tukea tarvitsevista lapsista. Palvelemme myös ruotsiksi.',
    descriptionSv:
      'Våra barnskötare och närvårdare stöder barnfamiljer i vardagen: vi sköter barn, hjälper till med hushållsarbetet och ger föräldrarna en stund egen tid. Vi har erfarenhet av barn som behöver särskilt stöd. Vi betjänar också på svenska.',
    accessibilityFi: 'Palvelu annetaan perheen kotona.',
    accessibilitySv: 'Tjänsten ges i familjens hem.',
    status: 'approved',
    approvedAt: '2026-01-08T10:00:00.000Z',
    languages: ['fi', 'sv'],
    municipalities: [KAJAANI, SOTKAMO, PALTAMO, RISTIJARVI],
    prices: { childcare: 3500, 'family-home-help': 4500, 'caregiver-leave': 12000, cleaning: 4000 },
  },
  {
    key: 'kylatupa',
    name: 'Hyrynsalmen Kylätupa ry',
    businessIdBody: '3321485',
    contactName: 'Eila Komulainen',
    email: 'kylatupa@hyrynsalmenkylatupa.example',
    phone: '+358408821436',
    streetAddress: 'Keskustie 11, 89400 Hyrynsalmi',
    descriptionFi:
      'Yhdistyksen ylläpitämä kylätupa, jossa on arkipäivisin lounas, kahvi ja yhteistä tekemistä. Lounaan voi syödä tuvalla tai tilata kotiin. Järjestämme myös laulu- ja liikuntahetkiä ikäihmisille.',
    descriptionSv:
      'En bystuga som drivs av en förening och där det serveras lunch och kaffe och ordnas gemensam verksamhet på vardagar. Lunchen kan ätas i stugan eller beställas hem. Vi ordnar också sång- och motionsstunder för äldre.',
    accessibilityFi: 'Tuvalle on luiska, ja siellä on esteetön wc. Pyörätuolilla pääsee kaikkiin tiloihin.',
    accessibilitySv: 'Stugan har ramp och tillgänglig toalett. Alla utrymmen går att nå med rullstol.',
    status: 'approved',
    approvedAt: '2026-02-16T09:30:00.000Z',
    languages: ['fi'],
    municipalities: [HYRYNSALMI, SUOMUSSALMI],
    prices: { 'social-activities': 2500, meals: 900 },
  },
  {
    key: 'puolanka-kotiapu',
    name: 'Puolangan Kotiapu Tmi',
    businessIdBody: '2890136',
    contactName: 'Arja Heikura',
    email: 'kotiapu@puolangankotiapu.example',
    phone: '+358449273150',
    streetAddress: 'Kauppatie 8, 89200 Puolanka',
    descriptionFi:
      'Puolankalainen yksinyrittäjä, joka auttaa kotitöissä, siivouksessa, asioinnissa ja pihatöissä. Talvella luon lumet portailta ja pihatieltä. Tunnen kylät ja asiakkaat, ja teen työt rauhallisesti asiakkaan aikataulun mukaan.',
    descriptionSv:
      'En företagare från Puolanka som hjälper till med hushållsarbete, städning, ärenden och trädgårdsarbete. På vintern skottar jag trappor och gårdsvägar. Jag känner byarna och kunderna och arbetar lugnt enligt kundens tidtabell.',
    accessibilityFi: 'Palvelu tehdään asiakkaan kotona.',
    accessibilitySv: 'Tjänsten utförs i kundens hem.',
    status: 'approved',
    approvedAt: '2026-03-04T14:45:00.000Z',
    languages: ['fi'],
    municipalities: [PUOLANKA, SUOMUSSALMI],
    prices: { cleaning: 3800, errands: 3500, garden: 3800, 'snow-clearing': 4500 },
  },
  {
    key: 'turvapalvelut',
    name: 'Kainuun Turvapalvelut Oy',
    businessIdBody: '3276541',
    contactName: 'Markku Väisänen',
    email: 'turva@kainuunturvapalvelut.example',
    phone: '+358447733120',
    streetAddress: 'Asemakatu 21, 87100 Kajaani',
    descriptionFi:
      'Turvapuhelin ja turvaranneke yhdistävät asiakkaan ympäri vuorokauden päivystävään hälytyskeskukseen. Hälytyksen tullessa auttaja lähtee liikkeelle ja soittaa tarvittaessa omaiselle. Asennus ja laitteiden huolto sisältyvät hintaan.',
    descriptionSv:
      'Trygghetstelefonen och trygghetsarmbandet kopplar kunden till en larmcentral som är bemannad dygnet runt. Vid larm åker en hjälpare ut och ringer vid behov till en anhörig. Installation och underhåll av apparaterna ingår i priset.',
    accessibilityFi: 'Laitteet asennetaan asiakkaan kotiin. Ranneke on kevyt, ja siinä on iso painike.',
    accessibilitySv: 'Apparaterna installeras i kundens hem. Armbandet är lätt och har en stor knapp.',
    status: 'approved',
    approvedAt: '2025-12-10T12:30:00.000Z',
    languages: ['fi', 'en'],
    municipalities: ALL_MUNICIPALITIES,
    prices: { 'safety-alarm': 115 },
  },
  {
    key: 'sotkamo-kuljetus',
    name: 'Sotkamon Kuljetuspalvelu Oy',
    businessIdBody: '3310928',
    contactName: 'Pekka Huusko',
    email: 'kyyti@sotkamonkuljetus.example',
    phone: '+358400612785',
    streetAddress: 'Markkinatie 4, 88600 Sotkamo',
    descriptionFi:
      'Esteettömät tila-autot ja kokeneet kuljettajat vievät asiakkaan kauppaan, lääkäriin tai ystävän luo. Kuljettaja auttaa ulko-ovelta autoon ja perillä sisälle asti. Tilaukset otetaan puhelimitse edellisenä päivänä.',
    descriptionSv:
      'Tillgängliga minibussar och erfarna chaufförer kör kunden till butiken, läkaren eller till en vän. Chauffören hjälper från ytterdörren till bilen och ända in vid målet. Beställningar tas emot per telefon dagen innan.',
    accessibilityFi: 'Autoissa on pyörätuolihissi ja kiinnitykset pyörätuoleille.',
    accessibilitySv: 'Bilarna har rullstolslyft och fästen för rullstolar.',
    status: 'approved',
    approvedAt: '2026-01-27T07:55:00.000Z',
    languages: ['fi'],
    municipalities: [SOTKAMO, KAJAANI, KUHMO],
    prices: { transport: 1800, escort: 4200 },
  },
  {
    key: 'vuokatti-kotihoito',
    name: 'Kotihoito Vuokatti Oy',
    businessIdBody: '2712049',
    contactName: 'Minna Kähkönen',
    email: 'hoito@kotihoitovuokatti.example',
    phone: '+358504418362',
    streetAddress: 'Kidekuja 2, 88610 Vuokatti',
    website: 'https://kotihoitovuokatti.example',
    descriptionFi:
      'Lähihoitajien ja sairaanhoitajien kotihoitoyritys Vuokatissa. Hoidamme ikäihmisiä ja vammaisia ihmisiä heidän kotonaan, autamme saunomisessa ja järjestämme omaishoitajalle vapaapäiviä sijaishoidon avulla.',
    descriptionSv:
      'Ett hemvårdsföretag i Vuokatti med närvårdare och sjukskötare. Vi vårdar äldre och personer med funktionsnedsättning i deras hem, hjälper till vid bastubad och ordnar lediga dagar för närståendevårdare genom avlösning.',
    accessibilityFi: 'Palvelu annetaan asiakkaan kotona. Henkilökunta puhuu suomea ja englantia.',
    accessibilitySv: 'Tjänsten ges i kundens hem. Personalen talar finska och engelska.',
    status: 'approved',
    approvedAt: '2026-02-23T10:15:00.000Z',
    languages: ['fi', 'en'],
    municipalities: [SOTKAMO, KAJAANI, KUHMO],
    prices: { 'home-care': 5800, 'sauna-bathing': 3800, 'personal-assistance': 3800, 'caregiver-leave': 13500 },
  },
  {
    key: 'ristijarvi-kotipalvelu',
    name: 'Ristijärven Kotipalvelu Oy',
    businessIdBody: '3058613',
    contactName: 'Hannu Piirainen',
    email: 'ristijarven.kotipalvelu@example.fi',
    phone: '+358443057291',
    streetAddress: 'Kirkkotie 3, 88400 Ristijärvi',
    descriptionFi:
      'Uusi ristijärveläinen yritys, joka tarjoaa siivousta, pihatöitä ja lumitöitä. Haluamme, että palveluja saa myös sivukylillä ilman suuria matkakuluja.',
    descriptionSv:
      'Ett nytt företag från Ristijärvi som erbjuder städning, trädgårdsarbete och snöröjning. Vi vill att tjänsterna ska finnas även i byarna utan höga resekostnader.',
    accessibilityFi: 'Palvelu tehdään asiakkaan kotona.',
    accessibilitySv: 'Tjänsten utförs i kundens hem.',
    status: 'pending', // an application waiting for the administrator
    languages: ['fi'],
    municipalities: [RISTIJARVI, PALTAMO],
    prices: { cleaning: 4000, garden: 4000, 'snow-clearing': 5000 },
  },
  {
    key: 'pikasiivous',
    name: 'Kajaanin Pikasiivous Oy',
    businessIdBody: '2481736',
    contactName: 'Tomi Leinonen',
    email: 'pikasiivous@example.fi',
    phone: '+358465530218',
    streetAddress: 'Linnankatu 3, 87100 Kajaani',
    descriptionFi:
      'Nopeat siivoukset koteihin ja pieniin toimistoihin Kajaanissa. Siivoamme myös muuttojen yhteydessä.',
    descriptionSv: 'Snabb städning av hem och små kontor i Kajana. Vi städar också i samband med flyttningar.',
    accessibilityFi: 'Palvelu tehdään asiakkaan kotona.',
    accessibilitySv: 'Tjänsten utförs i kundens hem.',
    status: 'suspended',
    statusReason:
      'Keskeytetty 15.10.2026: omavalvontasuunnitelma ja vastuuvakuutuksen todistus puuttuvat. Toiminta voi jatkua, kun asiakirjat on toimitettu.',
    approvedAt: '2026-01-08T10:20:00.000Z',
    languages: ['fi'],
    municipalities: [KAJAANI],
    prices: { cleaning: 3800 },
  },
];

function businessIdFor(body: string): string {
  const check = businessIdCheckDigit(body);
  if (check === null) throw new Error(`No valid Y-tunnus has the body ${body}`);
  return `${body}-${check}`;
}

/** The entries of a partial price or budget table, in the order written. */
function centsByService(table: Partial<Record<ServiceCode, number>>): [ServiceCode, number][] {
  return (Object.entries(table) as [ServiceCode, number | undefined][]).filter(
    (entry): entry is [ServiceCode, number] => entry[1] !== undefined,
  );
}

function e164(phone: string): string {
  const valid = toE164(phone);
  if (!valid) throw new Error(`Seed phone number is not valid: ${phone}`);
  return valid;
}

// ---------------------------------------------------------------------------------------------
// People
// ---------------------------------------------------------------------------------------------

type UserSeed = {
  key: string;
  email: string;
  role: Role;
  firstName: string;
  lastName: string;
  language: Language;
  phone?: string;
  providerKey?: string;
};

const USERS: UserSeed[] = [
  { key: 'admin', email: 'admin@example.fi', role: 'admin', firstName: 'Tuula', lastName: 'Hyvönen', language: 'fi' },
  {
    key: 'worker',
    email: 'worker@example.fi',
    role: 'worker',
    firstName: 'Sanna',
    lastName: 'Heikkinen',
    language: 'fi',
    phone: '+358447976120',
  },
  {
    key: 'worker2',
    email: 'worker2@example.fi',
    role: 'worker',
    firstName: 'Mikael',
    lastName: 'Lindqvist',
    language: 'sv',
    phone: '+358447976135',
  },
  {
    key: 'provider',
    email: 'provider@example.fi',
    role: 'provider',
    firstName: 'Jari',
    lastName: 'Kemppainen',
    language: 'fi',
    providerKey: 'kotisiivous',
  },
  {
    key: 'ateria',
    email: 'ateria@example.fi',
    role: 'provider',
    firstName: 'Päivi',
    lastName: 'Mikkonen',
    language: 'fi',
    providerKey: 'kotiateria',
  },
  { key: 'client', email: 'client@example.fi', role: 'client', firstName: 'Aino', lastName: 'Korhonen', language: 'fi' },
  { key: 'klient', email: 'klient@example.fi', role: 'client', firstName: 'Elsa', lastName: 'Nyström', language: 'sv' },
  {
    key: 'caregiver',
    email: 'caregiver@example.fi',
    role: 'representative',
    firstName: 'Marja',
    lastName: 'Kinnunen',
    language: 'fi',
    phone: '+358405938261',
  },
];

type ClientSeed = {
  key: string;
  firstName: string;
  lastName: string;
  phone: string;
  municipality: string;
  language: Language;
  worker: 'worker' | 'worker2';
  group: 'hb' | 'comparison';
  userKey?: string;
  // Decision: budget lines in cents per month. Comparison-group clients have none.
  lines?: Partial<Record<ServiceCode, number>>;
  validFrom?: string;
  note?: string;
};

const NOTE_FI = 'Henkilökohtainen budjetti asiakassuunnitelman mukaisesti.';
const NOTE_SV = 'Personlig budget enligt klientplanen.';

const CLIENTS: ClientSeed[] = [
  {
    key: 'aino',
    firstName: 'Aino',
    lastName: 'Korhonen',
    phone: '+358401234567',
    municipality: KAJAANI,
    language: 'fi',
    worker: 'worker',
    group: 'hb',
    userKey: 'client',
    lines: { cleaning: 30000, meals: 12000 },
    note: 'Siivousapua noin seitsemän tuntia kuukaudessa ja ateriapalvelu muutamana päivänä viikossa asiakassuunnitelman mukaisesti.',
  },
  {
    key: 'elsa',
    firstName: 'Elsa',
    lastName: 'Nyström',
    phone: '+358405823617',
    municipality: KAJAANI,
    language: 'sv',
    worker: 'worker2',
    group: 'hb',
    userKey: 'klient',
    lines: { cleaning: 25000, meals: 15000 },
    note: 'Städhjälp och måltidsservice enligt klientplanen.',
  },
  {
    key: 'eetu',
    firstName: 'Eetu',
    lastName: 'Kinnunen',
    phone: '+358442718935',
    municipality: SOTKAMO,
    language: 'fi',
    worker: 'worker',
    group: 'hb',
    // The pilot's cap: statutory caregiver's leave swapped for services, at most 300 € a month.
    lines: { cleaning: 15000, childcare: 15000 },
    note: 'Omaishoitajan lakisääteiset vapaat vaihdettu palveluihin, yhteensä enintään 300 € kuukaudessa: siivous ja lastenhoito.',
  },
  {
    key: 'helmi',
    firstName: 'Helmi',
    lastName: 'Kinnunen',
    phone: '+358408164723',
    municipality: SOTKAMO,
    language: 'fi',
    worker: 'worker',
    group: 'hb',
    lines: { 'home-care': 60000, meals: 10000 },
    note: 'Kotihoidon käynnit aamuisin ja ateriapalvelu arkipäivisin asiakassuunnitelman mukaisesti.',
  },
  // HB group, no own login.
  {
    key: 'tauno',
    firstName: 'Tauno',
    lastName: 'Heikkinen',
    phone: '+358400372915',
    municipality: KAJAANI,
    language: 'fi',
    worker: 'worker',
    group: 'hb',
    lines: { 'home-care': 48000, 'safety-alarm': 3500 },
  },
  {
    key: 'raili',
    firstName: 'Raili',
    lastName: 'Pulkkinen',
    phone: '+358445261803',
    municipality: KUHMO,
    language: 'fi',
    worker: 'worker',
    group: 'hb',
    lines: { errands: 12000, transport: 8000, 'social-activities': 6000 },
    validFrom: '2026-03-01',
  },
  {
    key: 'veikko',
    firstName: 'Veikko',
    lastName: 'Moilanen',
    phone: '+358505743128',
    municipality: SUOMUSSALMI,
    language: 'fi',
    worker: 'worker2',
    group: 'hb',
    lines: { handyman: 15000, 'snow-clearing': 22000 },
  },
  {
    key: 'irja',
    firstName: 'Irja',
    lastName: 'Karjalainen',
    phone: '+358417365902',
    municipality: PALTAMO,
    language: 'fi',
    worker: 'worker',
    group: 'hb',
    lines: { laundry: 6000, cleaning: 16000 },
  },
  {
    key: 'onni',
    firstName: 'Onni',
    lastName: 'Kyllönen',
    phone: '+358466305718',
    municipality: PUOLANKA,
    language: 'fi',
    worker: 'worker2',
    group: 'hb',
    lines: { cleaning: 15000, errands: 7000, garden: 8000 },
    validFrom: '2026-04-01',
  },
  {
    key: 'gunnel',
    firstName: 'Gunnel',
    lastName: 'Lindström',
    phone: '+358407953216',
    municipality: KAJAANI,
    language: 'sv',
    worker: 'worker2',
    group: 'hb',
    lines: { 'home-care': 35000, meals: 20000 },
  },
  {
    key: 'pertti',
    firstName: 'Pertti',
    lastName: 'Keränen',
    phone: '+358449801274',
    municipality: HYRYNSALMI,
    language: 'fi',
    worker: 'worker2',
    group: 'hb',
    lines: { 'social-activities': 10000, meals: 18000 },
  },
  {
    key: 'ville',
    firstName: 'Ville',
    lastName: 'Tolonen',
    phone: '+358503619847',
    municipality: SOTKAMO,
    language: 'fi',
    worker: 'worker',
    group: 'hb',
    lines: { 'personal-assistance': 90000, escort: 12000 },
  },
  {
    key: 'sirkka',
    firstName: 'Sirkka',
    lastName: 'Oikarinen',
    phone: '+358456127390',
    municipality: RISTIJARVI,
    language: 'fi',
    worker: 'worker',
    group: 'hb',
    lines: { cleaning: 18000, laundry: 5000 },
    validFrom: '2026-02-01',
  },
  {
    key: 'bertil',
    firstName: 'Bertil',
    lastName: 'Åberg',
    phone: '+358408274591',
    municipality: SOTKAMO,
    language: 'sv',
    worker: 'worker2',
    group: 'hb',
    lines: { 'home-care': 30000, transport: 9000 },
  },
  // Comparison group (vertailuryhmä): services arranged the usual way, no personal budget.
  { key: 'lea', firstName: 'Lea', lastName: 'Huusko', phone: '+358442093157', municipality: KAJAANI, language: 'fi', worker: 'worker', group: 'comparison' },
  { key: 'kalevi', firstName: 'Kalevi', lastName: 'Ronkainen', phone: '+358409346271', municipality: KUHMO, language: 'fi', worker: 'worker', group: 'comparison' },
  { key: 'hilkka', firstName: 'Hilkka', lastName: 'Sirviö', phone: '+358503817264', municipality: SUOMUSSALMI, language: 'fi', worker: 'worker2', group: 'comparison' },
  { key: 'esko', firstName: 'Esko', lastName: 'Pikkarainen', phone: '+358451902638', municipality: SOTKAMO, language: 'fi', worker: 'worker', group: 'comparison' },
  { key: 'marjatta', firstName: 'Marjatta', lastName: 'Komulainen', phone: '+358468152930', municipality: HYRYNSALMI, language: 'fi', worker: 'worker2', group: 'comparison' },
  { key: 'reijo', firstName: 'Reijo', lastName: 'Väisänen', phone: '+358400527481', municipality: PUOLANKA, language: 'fi', worker: 'worker2', group: 'comparison' },
  { key: 'anneli', firstName: 'Anneli', lastName: 'Leinonen', phone: '+358447406129', municipality: PALTAMO, language: 'fi', worker: 'worker', group: 'comparison' },
  { key: 'kerttu', firstName: 'Kerttu', lastName: 'Juntunen', phone: '+358416839204', municipality: RISTIJARVI, language: 'fi', worker: 'worker', group: 'comparison' },
  { key: 'ingrid', firstName: 'Ingrid', lastName: 'Sjöberg', phone: '+358505962731', municipality: KAJAANI, language: 'sv', worker: 'worker2', group: 'comparison' },
  { key: 'jorma', firstName: 'Jorma', lastName: 'Hakkarainen', phone: '+358408650193', municipality: KAJAANI, language: 'fi', worker: 'worker', group: 'comparison' },
];

// Marja Kinnunen cares for her special-needs son Eetu and for her mother Helmi. The relationship
// says what the representative is to the client.
const REPRESENTATIVE_LINKS = [
  { userKey: 'caregiver', clientKey: 'eetu', relationship: 'äiti' },
  { userKey: 'caregiver', clientKey: 'helmi', relationship: 'tytär' },
];

// ---------------------------------------------------------------------------------------------
// Seeding
// ---------------------------------------------------------------------------------------------

export function isDatabaseEmpty(db: AppDatabase): boolean {
  const row = db.select({ n: count() }).from(users).get();
  return (row?.n ?? 0) === 0;
}

function must<T>(map: Map<string, T>, key: string): T {
  const value = map.get(key);
  if (value === undefined) throw new Error(`Seed data refers to unknown key ${key}`);
  return value;
}

/** Inserts municipalities and the service catalogue unless they are there; returns service ids by code. */
function ensureReferenceData(tx: Transaction): Map<string, number> {
  tx.insert(municipalities).values([...KAINUU_MUNICIPALITIES]).onConflictDoNothing().run();
  tx.insert(services).values([...SERVICE_CATALOGUE]).onConflictDoNothing().run();
  const rows = tx.select({ id: services.id, code: services.code }).from(services).all();
  return new Map(rows.map((r) => [r.code, r.id]));
}

/** Fills an empty, migrated database with the Kainuu demo data (one transaction). */
export async function seedDemoData(db: AppDatabase): Promise<void> {
  if (!isDatabaseEmpty(db)) throw new Error('seedDemoData needs an empty database (it has users)');
  // argon2 is slow on purpose: hash once, before the synchronous transaction.
  const passwordHash = await hashPassword(DEMO_PASSWORD);

  db.transaction((tx) => {
    const serviceIds = ensureReferenceData(tx);

    const providerIds = new Map<string, number>();
    const offerings: (typeof providerOfferings.$inferInsert)[] = [];
    for (const p of PROVIDERS) {
      const { id } = tx
        .insert(providers)
        .values({
          name: p.name,
          businessId: businessIdFor(p.businessIdBody),
          contactName: p.contactName,
          email: p.email,
          phone: e164(p.phone),
          streetAddress: p.streetAddress,
          website: p.website ?? null,
          descriptionFi: p.descriptionFi,
          descriptionSv: p.descriptionSv,
          accessibilityFi: p.accessibilityFi,
          accessibilitySv: p.accessibilitySv,
          status: p.status,
          statusReason: p.statusReason ?? null,
          approvedAt: p.approvedAt ?? null,
          ...demoInvoicingDetails(businessIdFor(p.businessIdBody), PROVIDERS.indexOf(p)),
        })
        .returning({ id: providers.id })
        .get();
      providerIds.set(p.key, id);
      tx.insert(providerLanguages)
        .values(p.languages.map((language) => ({ providerId: id, language })))
        .run();
      tx.insert(providerMunicipalities)
        .values(p.municipalities.map((municipalityCode) => ({ providerId: id, municipalityCode })))
        .run();
      for (const [code, priceCents] of centsByService(p.prices)) {
        offerings.push({ providerId: id, serviceId: must(serviceIds, code), priceCents, validFrom: PRICES_FROM });
      }
    }
    tx.insert(providerOfferings).values(offerings).run();

    const userIds = new Map<string, number>();
    for (const u of USERS) {
      const { id } = tx
        .insert(users)
        .values({
          email: u.email.toLowerCase(),
          passwordHash,
          role: u.role,
          firstName: u.firstName,
          lastName: u.lastName,
          language: u.language,
          phone: u.phone ? e164(u.phone) : null,
          providerId: u.providerKey ? must(providerIds, u.providerKey) : null,
        })
        .returning({ id: users.id })
        .get();
      userIds.set(u.key, id);
    }

    const clientIds = new Map<string, number>();
    for (const c of CLIENTS) {
      const workerId = must(userIds, c.worker);
      const { id } = tx
        .insert(clients)
        .values({
          userId: c.userKey ? must(userIds, c.userKey) : null,
          firstName: c.firstName,
          lastName: c.lastName,
          phone: e164(c.phone),
          municipalityCode: c.municipality,
          language: c.language,
          ownWorkerId: workerId,
          group: c.group,
        })
        .returning({ id: clients.id })
        .get();
      clientIds.set(c.key, id);

      if (!c.lines) continue;
      if (c.group !== 'hb') throw new Error(`Comparison-group client ${c.key} cannot have a budget`);
      const decision = tx
        .insert(decisions)
        .values({
          clientId: id,
          workerId,
          validFrom: c.validFrom ?? DECISIONS_FROM,
          note: c.note ?? (c.language === 'sv' ? NOTE_SV : NOTE_FI),
        })
        .returning({ id: decisions.id })
        .get();
      tx.insert(budgetLines)
        .values(
          centsByService(c.lines).map(([code, monthlyCents]) => ({
            decisionId: decision.id,
            serviceId: must(serviceIds, code),
            monthlyCents,
          })),
        )
        .run();
    }

    tx.insert(representativeLinks)
      .values(
        REPRESENTATIVE_LINKS.map((l) => ({
          userId: must(userIds, l.userKey),
          clientId: must(clientIds, l.clientKey),
          relationship: l.relationship,
        })),
      )
      .run();
  });
  seedDemoIdentities(db);
}

// ---------------------------------------------------------------------------------------------
// Benchmark data
// ---------------------------------------------------------------------------------------------

export const BENCH_MONTHLY_CENTS = 1_000_000;
const BENCH_PHONE_PREFIX = '+358509'; // +358 50 9xx xxxx; no demo client uses it

/** The phone number of bench client number i (1-based): +358509000001, +358509000002, … */
export function benchClientPhone(i: number): string {
  if (!Number.isInteger(i) || i < 1 || i > 999_999) throw new Error(`No bench phone number for ${i}`);
  return `${BENCH_PHONE_PREFIX}${String(i).padStart(6, '0')}`;
}

export function benchProviderEmail(i: number): string {
  return `bench-provider-${i}@example.fi`;
}

export type BenchData = {
  providerIds: number[];
  providerUserEmails: string[];
  clientIds: number[];
  clientPhones: string[];
};

const BENCH_FIRST_NAMES = ['Aila', 'Eino', 'Hanna', 'Ilmari', 'Katri', 'Lauri', 'Maija', 'Niilo', 'Outi', 'Paavo', 'Riikka', 'Toivo'];
const BENCH_LAST_NAMES = ['Heikkinen', 'Huusko', 'Juntunen', 'Karjalainen', 'Kemppainen', 'Keränen', 'Komulainen', 'Korhonen', 'Kyllönen', 'Moilanen', 'Oikarinen', 'Pulkkinen', 'Ronkainen'];

/**
 * Adds `providers` approved cleaning providers (staff user bench-provider-<i>@example.fi) and
 * `clients` HB clients with a cleaning line of 10 000 € a month each. Numbering continues after
 * bench data already in the database, so it can be called more than once.
 */
export async function seedBenchData(
  db: AppDatabase,
  options: { clients: number; providers: number },
): Promise<BenchData> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const sqlite = db.$client;
  const result: BenchData = { providerIds: [], providerUserEmails: [], clientIds: [], clientPhones: [] };

  db.transaction((tx) => {
    const cleaningId = must(ensureReferenceData(tx), 'cleaning');
    const worker =
      tx.select({ id: users.id }).from(users).where(eq(users.role, 'worker')).orderBy(users.id).limit(1).get() ??
      tx
        .insert(users)
        .values({ email: 'bench-worker@example.fi', passwordHash, role: 'worker', firstName: 'Kaisa', lastName: 'Väisänen' })
        .returning({ id: users.id })
        .get();

    const providersBefore = tx.select({ n: count() }).from(users).where(like(users.email, 'bench-provider-%')).get()?.n ?? 0;
    const clientsBefore = tx.select({ n: count() }).from(clients).where(like(clients.phone, `${BENCH_PHONE_PREFIX}%`)).get()?.n ?? 0;
    const takenBusinessIds = new Set(tx.select({ b: providers.businessId }).from(providers).all().map((r) => r.b));

    // Plain prepared statements: thousands of rows in well under a second.
    const insertProvider = sqlite.prepare(
      `INSERT INTO providers (name, business_id, contact_name, email, phone, street_address, description_fi, description_sv, status, approved_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'approved', ?)`,
    );
    const insertProviderLanguage = sqlite.prepare(`INSERT INTO provider_languages (provider_id, language) VALUES (?, 'fi')`);
    const insertProviderMunicipality = sqlite.prepare(
      `INSERT INTO provider_municipalities (provider_id, municipality_code) VALUES (?, ?)`,
    );
    const insertOffering = sqlite.prepare(
      `INSERT INTO provider_offerings (provider_id, service_id, price_cents, valid_from) VALUES (?, ?, ?, ?)`,
    );
    const insertUser = sqlite.prepare(
      `INSERT INTO users (email, password_hash, role, first_name, last_name, language, provider_id) VALUES (?, ?, 'provider', ?, ?, 'fi', ?)`,
    );
    const insertClient = sqlite.prepare(
      `INSERT INTO clients (first_name, last_name, phone, municipality_code, language, own_worker_id, client_group)
       VALUES (?, ?, ?, ?, 'fi', ?, 'hb')`,
    );
    const insertDecision = sqlite.prepare(
      `INSERT INTO decisions (client_id, worker_id, valid_from, note) VALUES (?, ?, ?, 'Suorituskykytesti')`,
    );
    const insertLine = sqlite.prepare(`INSERT INTO budget_lines (decision_id, service_id, monthly_cents) VALUES (?, ?, ?)`);

    let body = 9_000_000;
    const nextBusinessId = (): string => {
      for (;;) {
        const candidate = String(body++);
        if (businessIdCheckDigit(candidate) === null) continue;
        const id = businessIdFor(candidate);
        if (!takenBusinessIds.has(id)) return id;
      }
    };
    const approvedAt = currentTime().toISOString();

    for (let n = 1; n <= options.providers; n++) {
      const i = providersBefore + n;
      const providerId = Number(
        insertProvider.run(
          `Testisiivous ${i} Oy`,
          nextBusinessId(),
          'Testi Yhteyshenkilö',
          `siivous${i}@bench.example`,
          '+358401000000',
          'Kauppakatu 1, 87100 Kajaani',
          'Suorituskykytestin siivouspalvelu.',
          'Städtjänst för prestandatest.',
          approvedAt,
        ).lastInsertRowid,
      );
      insertProviderLanguage.run(providerId);
      for (const code of ALL_MUNICIPALITIES) insertProviderMunicipality.run(providerId, code);
      insertOffering.run(providerId, cleaningId, 4500, PRICES_FROM);
      const email = benchProviderEmail(i);
      insertUser.run(email, passwordHash, 'Testi', `Siivooja ${i}`, providerId);
      result.providerIds.push(providerId);
      result.providerUserEmails.push(email);
    }

    for (let n = 1; n <= options.clients; n++) {
      const i = clientsBefore + n;
      const phone = benchClientPhone(i);
      const clientId = Number(
        insertClient.run(
          BENCH_FIRST_NAMES[i % BENCH_FIRST_NAMES.length],
          BENCH_LAST_NAMES[i % BENCH_LAST_NAMES.length],
          phone,
          ALL_MUNICIPALITIES[i % ALL_MUNICIPALITIES.length],
          worker.id,
        ).lastInsertRowid,
      );
      const decisionId = Number(insertDecision.run(clientId, worker.id, DECISIONS_FROM).lastInsertRowid);
      insertLine.run(decisionId, cleaningId, BENCH_MONTHLY_CENTS);
      result.clientIds.push(clientId);
      result.clientPhones.push(phone);
    }
  });
  return result;
}

// ---------------------------------------------------------------------------------------------
// Command line
// ---------------------------------------------------------------------------------------------

function removeDatabaseFiles(file: string): void {
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(`${file}${suffix}`, { force: true });
}

function printSummary(db: AppDatabase): void {
  const n = (table: string) => (db.$client.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  console.log(
    `  ${n('municipalities')} municipalities, ${n('services')} services, ${n('providers')} providers, ` +
      `${n('users')} users, ${n('clients')} clients, ${n('decisions')} decisions, ${n('budget_lines')} budget lines`,
  );
  console.log(`  Demo logins (password "${DEMO_PASSWORD}"):`);
  for (const u of USERS) console.log(`    ${u.email.padEnd(22)} ${u.role}`);
}

async function main(): Promise<void> {
  const file = databasePath();
  const reset = process.argv.includes('--reset');
  let db = getDb();
  migrateDatabase(db);
  if (reset && file !== ':memory:') {
    closeDb();
    removeDatabaseFiles(file);
    db = getDb();
    migrateDatabase(db);
  }
  if (!reset && !isDatabaseEmpty(db)) {
    console.log(`${file} is already seeded; use --reset to start over.`);
  } else {
    const started = Date.now();
    await seedDemoData(db);
    const { seedDemoCharges } = await import('./seed-charges');
    seedDemoCharges(db);
    const { seedDemoMessages } = await import('./seed-messages');
    seedDemoMessages(db);
    console.log(`Seeded ${file} with the Kainuu demo data in ${Date.now() - started} ms:`);
    printSummary(db);
  }
  closeDb();
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    console.error(error);
    closeDb();
    process.exit(1);
  });
}

const DEMO_BICS = ['OKOYFIHH', 'NDEAFIHH', 'HELSFIHH', 'DABAFIHH'];

/** Bank and e-invoice details for a demo provider, so its months can be invoiced at once. */
function demoInvoicingDetails(businessId: string, index: number) {
  const bban = `5700${String(1000 + index).padStart(4, '0')}${businessId.replace('-', '').slice(0, 6)}`;
  return {
    iban: composeIBAN({ countryCode: 'FI', bban }) ?? null,
    bic: DEMO_BICS[index % DEMO_BICS.length],
    einvoiceAddress: `0037${businessId.replace('-', '')}`,
    einvoiceOperator: 'E204503',
  };
}
