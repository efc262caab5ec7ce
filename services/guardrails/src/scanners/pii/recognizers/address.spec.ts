import { PiiScanner } from '../pii-scanner';

const scanner = new PiiScanner({ entities: ['STREET_ADDRESS', 'PERSON', 'DATE_TIME', 'PHONE_NUMBER'] });
const addresses = (text: string) => scanner.scan(text).filter((f) => f.type === 'STREET_ADDRESS').map((f) => text.slice(f.start, f.end));

describe('STREET_ADDRESS recogniser', () => {
  it.each([
    ['a US address with city, state and ZIP on the same line', 'Mail it to 742 Evergreen Terrace, Springfield, OR 97403 please.', ['742 Evergreen Terrace, Springfield, OR 97403']],
    ['a unit and a city line below the street', 'Ship to:\n88 Harbour Road Suite 12\nPortland, ME 04101-2230\nThanks', ['88 Harbour Road Suite 12\nPortland, ME 04101-2230']],
    ['a town after the street, without the full stop', 'Send flowers to 3 Church Lane, Kilkenny.', ['3 Church Lane, Kilkenny']],
    ['a UK postcode after the town', 'Our office is 14 Kingsway Place, Leeds LS1 4DY.', ['14 Kingsway Place, Leeds LS1 4DY']],
    ['an Italian street with a particle', 'Abito in Via delle Rose 23, vicino al parco.', ['Via delle Rose 23']],
    ['a Spanish street written "C/"', 'La tienda está en C/ Mayor 15 desde enero.', ['C/ Mayor 15']],
    ['a French street with a lower-case word', 'Rendez-vous au 9 rue des petits Carreaux ce soir.', ['9 rue des petits Carreaux']],
    ['a street without a number after a preposition', 'We used to meet on Wexford Lane every Sunday.', ['Wexford Lane']],
    ['a street after "lives on"', 'My aunt lives on Korvenkatu Helmi 7 now.', ['Korvenkatu Helmi 7']],
    ['a lower-case street', 'pls send the parcel to 27 maple grove avenue asap', ['27 maple grove avenue']],
    ['the city and country lines of an address block', 'Deliver to\n5 Harbour View Road\nSuite 4\nWELLINGTON\nNew Zealand 6011\nThanks!', ['5 Harbour View Road\nSuite 4\nWELLINGTON\nNew Zealand 6011']],
    ['an address line that prose follows', 'Is 18 Kestrel Avenue, Hobart TAS 7000 near the port?', ['18 Kestrel Avenue, Hobart TAS 7000']],
    ['a unit before the street', 'Apartment 5B, 350 Fifth Avenue, New York, NY 10118', ['Apartment 5B, 350 Fifth Avenue, New York, NY 10118']],
    ['a unit and house number written with a slash', 'Unit 7/22 George St, Sydney NSW 2000', ['Unit 7/22 George St, Sydney NSW 2000']],
    ['a P.O. box with its city line', 'Send it to PO Box 1234, Anchorage, AK 99501 please', ['PO Box 1234, Anchorage, AK 99501']],
    ['a house-number range and a Dutch postcode', 'Prinsengracht 263-267, 1016 GV Amsterdam', ['Prinsengracht 263-267, 1016 GV Amsterdam']],
    ['a Polish postcode', 'Adres: ul. Marszałkowska 10/12, 00-590 Warszawa', ['ul. Marszałkowska 10/12, 00-590 Warszawa']],
    ['a street corner', 'Meet me at the corner of Oak Street and Elm Avenue tonight.', ['Oak Street and Elm Avenue']],
    ['a numbered street corner', 'It is on the corner of 5 Mill Road and Station Road.', ['5 Mill Road and Station Road']],
    ['a postcode after a blank line in an address block', 'Anna Berg\n\n12 Storgatan 5\nApt. 3\nUppsala\n\nSweden 75310', ['12 Storgatan 5\nApt. 3\nUppsala', '75310']],
  ])('finds %s', (_, text, expected) => {
    for (const a of expected) expect(addresses(text)).toContainEqual(a);
  });

  it.each([
    ['distances in lower case', 'it is 5 miles down the road from here'],
    ['a count of things', 'we need 3 more lanes on the highway'],
    ['a capitalised street type in a title with no preposition', 'Main Street Capital reported results today.'],
    ['a version and a place', 'Python 3 runs fine in Berlin.'],
  ])('ignores %s', (_, text) => {
    expect(addresses(text)).toEqual([]);
  });

  it('stops an address block at a phone number line', () => {
    expect(addresses('Office:\n12 Elm Street\n555 123 4567 mobile')).toEqual(['12 Elm Street']);
  });
});
