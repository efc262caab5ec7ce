import { luhnCheckDigit } from '../shared/checksums';
import { PiiScanner } from './pii-scanner';
import { deaValid, npiValid } from './recognizers/medical';
import { ssnValid } from './recognizers/government';

const scanner = new PiiScanner();

function typesIn(text: string): Array<[string, string]> {
  return scanner.scan(text).map((f) => [f.type, text.slice(f.start, f.end)]);
}

function npi(base9: string): string {
  return base9 + luhnCheckDigit('80840' + base9);
}

function dea(prefix: string, six: string): string {
  const d = six.split('').map(Number);
  return prefix + six + ((d[0] + d[2] + d[4] + 2 * (d[1] + d[3] + d[5])) % 10);
}

describe('PiiScanner', () => {
  it.each([
    ['EMAIL_ADDRESS', 'Write to jane.doe+news@mail.example.org today.', 'jane.doe+news@mail.example.org'],
    ['PHONE_NUMBER', 'Call me on +44 20 7946 0958 tomorrow.', '+44 20 7946 0958'],
    ['PHONE_NUMBER', 'Meine Nummer: 030 12345678', '030 12345678'],
    ['PHONE_NUMBER', 'Office: (415) 555-2671 ext 204', '(415) 555-2671 ext 204'],
    ['CREDIT_CARD', 'My card is 4539 1488 0343 6467, expiring soon', '4539 1488 0343 6467'],
    ['IBAN_CODE', 'Überweisung an DE89 3704 0044 0532 0130 00 bitte', 'DE89 3704 0044 0532 0130 00'],
    ['US_SSN', 'His social security number is 536-22-8726.', '536-22-8726'],
    ['IP_ADDRESS', 'The server at 192.168.10.24 is down', '192.168.10.24'],
    ['IP_ADDRESS', 'ping 2001:db8:85a3::8a2e:370:7334 please', '2001:db8:85a3::8a2e:370:7334'],
    ['US_PASSPORT', 'passport number: 912803456', '912803456'],
    ['US_DRIVER_LICENSE', "My driver's license number is F1628235", 'F1628235'],
    ['DATE_TIME', 'She was born on 7/14/1995 in Ohio', '7/14/1995'],
    ['DATE_TIME', 'Meeting on March 3, 2024 at 10:30 am', 'March 3, 2024 at 10:30 am'],
    ['STREET_ADDRESS', 'Ship it to 1600 Pennsylvania Avenue please', '1600 Pennsylvania Avenue'],
    ['STREET_ADDRESS', 'Wir wohnen in der Hauptstraße 12 in Köln', 'Hauptstraße 12'],
    ['PERSON', 'Please forward this to Maria Garcia before Friday.', 'Maria Garcia'],
    ['PERSON', 'Dear Mr. Okonkwo, thank you for the call.', 'Okonkwo'],
    ['MEDICAL_RECORD_NUMBER', 'Patient MRN: 00482913 admitted overnight', '00482913'],
    ['US_NPI', `Referring physician NPI ${npi('123456789')} signed it`, npi('123456789')],
    ['US_DEA', `DEA number ${dea('BM', '123456')} on file`, dea('BM', '123456')],
    ['ICD10_CODE', 'Diagnosis code E11.9 (type 2 diabetes)', 'E11.9'],
    ['HEALTH_PLAN_ID', 'Member ID: XJH123456789 on the card', 'XJH123456789'],
  ])('finds %s in %j', (type, text, value) => {
    expect(typesIn(text)).toContainEqual([type, value]);
  });

  it.each([
    ['a number failing Luhn', 'card 4539 1488 0343 6468'],
    ['an IBAN with a wrong check', 'IBAN DE88 3704 0044 0532 0130 00'],
    ['an SSN with area 666', 'SSN 666-12-3456'],
    ['an SSN with group 00', 'SSN 123-00-4567'],
    ['a version number', 'upgrade to version 1.2.3.4 today'],
    ['an NPI with a wrong check digit', `NPI ${npi('123456789').slice(0, 9)}${(Number(npi('123456789')[9]) + 1) % 10}`],
    ['a DEA number with a wrong check digit', 'DEA number BM1234564'],
    ['an ICD-10 look-alike without clinical context', 'The heater model E11 fits the I10 bracket.'],
    ['a plain sentence with capitalised words', 'The Quick Brown Fox jumps over the Lazy Dog.'],
    ['an order number', 'Order 48213377 shipped.'],
  ])('ignores %s', (_, text) => {
    expect(typesIn(text)).toEqual([]);
  });

  it('reports offsets in UTF-16 code units after astral characters', () => {
    const text = '👋🏽 héllo — mail me at ana@example.com';
    const [f] = scanner.scan(text).filter((x) => x.type === 'EMAIL_ADDRESS');
    expect(text.slice(f.start, f.end)).toBe('ana@example.com');
    expect(f.start).toBe(text.indexOf('ana@'));
  });

  it('finds each e-mail address in a list and rejects an over-long local part', () => {
    const text = 'cc: a.b@x.io,c_d@mail.example.org; not ' + 'x'.repeat(65) + '@example.com or .dot@example.com';
    expect(typesIn(text).filter(([t]) => t === 'EMAIL_ADDRESS')).toEqual([
      ['EMAIL_ADDRESS', 'a.b@x.io'],
      ['EMAIL_ADDRESS', 'c_d@mail.example.org'],
    ]);
  });

  it('keeps the checksum-validated entity when a number could be several', () => {
    const text = 'card number 4111111111111111';
    expect(typesIn(text)).toEqual([['CREDIT_CARD', '4111111111111111']]);
  });

  it('reports only the entities it was asked for', () => {
    const only = new PiiScanner({ entities: ['EMAIL_ADDRESS'] });
    expect(only.scan('Maria Garcia, maria@example.com, +44 20 7946 0958').map((f) => f.type)).toEqual(['EMAIL_ADDRESS']);
  });

  it('finishes on a 100 KB adversarial input', () => {
    const inputs = [
      '1'.repeat(100_000),
      '1 '.repeat(50_000),
      ('Aaaa '.repeat(5) + '12 ').repeat(4_000),
      ('a@' + 'b.'.repeat(40)).repeat(1_200),
      ':'.repeat(100_000),
      ('12.' + '1'.repeat(30)).repeat(3_000),
    ];
    for (const t of inputs) expect(Array.isArray(scanner.scan(t))).toBe(true);
  });
});

describe('PHI check digits', () => {
  it('validates NPIs with the 80840 prefix Luhn', () => {
    expect(npiValid('1234567893')).toBe(true);
    expect(npiValid('1234567890')).toBe(false);
    expect(npiValid('3234567893')).toBe(false);
  });

  it('validates DEA numbers', () => {
    expect(deaValid('BM1234563')).toBe(true);
    expect(deaValid('BM1234564')).toBe(false);
    expect(deaValid('IM1234563')).toBe(false);
  });

  it('applies SSA area, group and serial rules', () => {
    expect(ssnValid('536', '22', '8726')).toBe(true);
    expect(ssnValid('000', '22', '8726')).toBe(false);
    expect(ssnValid('912', '22', '8726')).toBe(false);
    expect(ssnValid('536', '22', '0000')).toBe(false);
  });
});
