/**
 * Place names for generated participants and their sites. UK towns with a metals trade, and for
 * each foreign country the cities its mines, smelters and buyers are given.
 */

export const UK_TOWNS = [
  'Birmingham', 'Tyseley', 'Sheffield', 'Rotherham', 'Middlesbrough', 'Cardiff', 'Newport', 'Port Talbot',
  'Swansea', 'Glasgow', 'Motherwell', 'Leeds', 'Bradford', 'Manchester', 'Trafford Park', 'Liverpool',
  'Widnes', 'Bristol', 'Avonmouth', 'Hull', 'Immingham', 'Scunthorpe', 'Doncaster', 'Derby', 'Nottingham',
  'Leicester', 'Coventry', 'Wolverhampton', 'Walsall', 'Stoke-on-Trent', 'Crewe', 'Sunderland', 'Newcastle',
  'Gateshead', 'Belfast', 'Aberdeen', 'Dundee', 'Edinburgh', 'Southampton', 'Portsmouth', 'Tilbury',
  'Dagenham', 'Erith', 'Purfleet', 'Thurrock', 'Reading', 'Swindon', 'Oxford', 'Cambridge', 'Peterborough',
  'Norwich', 'Ipswich', 'Plymouth', 'Exeter', 'Wrexham', 'Deeside', 'Warrington', 'Wigan', 'Bolton',
  'Blackburn', 'Preston', 'Carlisle', 'Workington', 'Lochaber', 'Irvine', 'Grangemouth', 'Llanelli',
] as const;

export const FOREIGN_CITIES: Record<string, readonly string[]> = {
  NO: ['Sunndalsora', 'Mosjoen', 'Karmoy'],
  IS: ['Reydarfjordur', 'Straumsvik'],
  CA: ['Alma', 'Sudbury'],
  CL: ['Calama', 'Antofagasta', 'Rancagua'],
  PE: ['Ilo', 'Arequipa'],
  NL: ['IJmuiden', 'Rotterdam', 'Moerdijk'],
  KR: ['Pohang', 'Ulsan', 'Gwangyang'],
  ZA: ['Rustenburg', 'Polokwane'],
  ZW: ['Ngezi'],
  AU: ['Greenbushes', 'Port Hedland', 'Kwinana'],
  AR: ['Salar del Hombre Muerto', 'Catamarca'],
  CN: ['Ningbo', 'Yichun', 'Foshan'],
  CD: ['Kolwezi', 'Lubumbashi'],
  TR: ['Aliaga', 'Iskenderun', 'Gebze'],
  EG: ['Alexandria', 'Suez'],
  PK: ['Karachi', 'Lahore'],
  BD: ['Chattogram'],
  IN: ['Mundra', 'Chennai', 'Pune'],
  VN: ['Hai Phong'],
  ES: ['Santander', 'Barcelona'],
  DE: ['Hamburg', 'Duisburg', 'Bitterfeld'],
  BE: ['Hoboken', 'Olen'],
  MY: ['Port Klang'],
  US: ['Columbus'],
  FI: ['Harjavalta'],
  ID: ['Morowali', 'Weda Bay'],
};

/** A lowercase id segment from a name: letters, digits and hyphens. */
export function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}
