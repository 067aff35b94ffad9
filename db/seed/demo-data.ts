// The Kainuu demo data as plain definitions: providers, users, clients and representatives.
// `demo.ts` writes them; nothing here touches the database.
import { businessIdCheckDigit } from '../../app/domain/businessId';
import { SERVICE_LANGUAGES, type Language, type Role } from '../schema';
import { composeIBAN } from 'ibantools';
import {
  ALL_MUNICIPALITIES,
  HYRYNSALMI,
  KAJAANI,
  KUHMO,
  PALTAMO,
  PUOLANKA,
  RISTIJARVI,
  SOTKAMO,
  SUOMUSSALMI,
  type ServiceCode,
} from './reference-data';

export const DEMO_PASSWORD = 'avain-demo';

type ServiceLanguage = (typeof SERVICE_LANGUAGES)[number];

// ---------------------------------------------------------------------------------------------
// Providers
// ---------------------------------------------------------------------------------------------

export type ProviderSeed = {
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

export const PROVIDERS: ProviderSeed[] = [
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

export function businessIdFor(body: string): string {
  const check = businessIdCheckDigit(body);
  if (check === null) throw new Error(`No valid Y-tunnus has the body ${body}`);
  return `${body}-${check}`;
}

/** The entries of a partial price or budget table, in the order written. */
export function centsByService(table: Partial<Record<ServiceCode, number>>): [ServiceCode, number][] {
  return (Object.entries(table) as [ServiceCode, number | undefined][]).filter(
    (entry): entry is [ServiceCode, number] => entry[1] !== undefined,
  );
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

export const USERS: UserSeed[] = [
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

export const NOTE_FI = 'Henkilökohtainen budjetti asiakassuunnitelman mukaisesti.';
export const NOTE_SV = 'Personlig budget enligt klientplanen.';

export const CLIENTS: ClientSeed[] = [
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
export const REPRESENTATIVE_LINKS = [
  { userKey: 'caregiver', clientKey: 'eetu', relationship: 'äiti' },
  { userKey: 'caregiver', clientKey: 'helmi', relationship: 'tytär' },
];

const DEMO_BICS = ['OKOYFIHH', 'NDEAFIHH', 'HELSFIHH', 'DABAFIHH'];

/** Bank and e-invoice details for a demo provider, so its months can be invoiced at once. */
export function demoInvoicingDetails(businessId: string, index: number) {
  const bban = `5700${String(1000 + index).padStart(4, '0')}${businessId.replace('-', '').slice(0, 6)}`;
  return {
    iban: composeIBAN({ countryCode: 'FI', bban }) ?? null,
    bic: DEMO_BICS[index % DEMO_BICS.length],
    einvoiceAddress: `0037${businessId.replace('-', '')}`,
    einvoiceOperator: 'E204503',
  };
}
