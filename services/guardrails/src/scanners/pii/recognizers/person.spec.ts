import { join } from 'node:path';
import { PiiScanner } from '../pii-scanner';
import { loadNameGazetteer } from './person';

const scanner = new PiiScanner({ entities: ['PERSON', 'STREET_ADDRESS', 'DATE_TIME'] });
const persons = (text: string) => scanner.scan(text).filter((f) => f.type === 'PERSON').map((f) => text.slice(f.start, f.end));

describe('PERSON recogniser', () => {
  it.each([
    ['a given and a family name', 'Yesterday Sofia Marchetti sent the contract.', ['Sofia Marchetti']],
    ['a name after a title', 'Please ask Dr. Okafor-Bianchi to sign it.', ['Okafor-Bianchi']],
    ['a known given name before an unknown family name', 'The report was written by Ingrid Zwelthorpe last spring.', ['Ingrid Zwelthorpe']],
    ['an unknown name before a verb only people take', 'Zorbek shouted across the yard.', ['Zorbek']],
    ['a known name before a verb of speech', 'Bianchi said the figures were wrong.', ['Bianchi']],
    ['names listed with a person', 'We invited Olivia, Bauer and Quinn to the review.', ['Olivia', 'Bauer', 'Quinn']],
    ['a lower-case name after "my name is"', 'hi, my name is ana lópez and i need help', ['ana lópez']],
    ['a lower-case name after "call me"', 'everyone calls me dunja', ['dunja']],
    ['a lower-case given and family name in a lower-case text', 'can you email olga petrova about the invoice', ['olga petrova']],
    ['a speaker label in a transcript', 'Nadia: are you coming tonight?\nme: yes', ['Nadia']],
    ['a name after a capitalised "I\'m"', "Hi, I'm Priya and I need help.", ['Priya']],
    ['a name after a sentence-initial verb', 'Let Marcus know the build failed.', ['Marcus']],
    ['an unknown name after "my son"', 'My son Zdravko has a fever since last night.', ['Zdravko']],
    ['an unknown name after "said"', '"Not today," said Quelwyn, closing the door.', ['Quelwyn']],
    ['a name after "call me"', 'Friends call me Ondřejka.', ['Ondřejka']],
    ['a greeting in German', 'Hallo Sam, die Zahlen für das Quartal sind da.', ['Sam']],
    ['a full name in German', 'Bitte schick das an Katrin Hoffmann und mich.', ['Katrin Hoffmann']],
    ['a name after a semicolon in English', 'The launch moved to June; Tom owns the press release.', ['Tom']],
    ['a name after an office', 'President Okonjo arrived late.', ['Okonjo']],
    ['a name after a lower-case job title', 'The producer Mashuu Samurakami explained it.', ['Mashuu Samurakami']],
    ['the addressee line above a street address', 'Ship to:\nTomomi Arakawa\n12 Harbour Road\nWellington 6011', ['Tomomi Arakawa']],
    ['a given name that is also a town before an unknown family name', 'The film was directed by Tracy Zwelling in 1998.', ['Tracy Zwelling']],
    ['a signature under a sign-off', 'Thanks for the quick turnaround.\n\nBest,\nAyumi Tanizawa', ['Ayumi Tanizawa']],
    ['a display name before an e-mail address', 'From: Quentin Ollivander <q.oll@example.com>', ['Quentin Ollivander']],
    ['a lower-case name after "it\'s"', "hey it's sarah, can you call me back", ['sarah']],
    ['a name alone', 'Vanessa Kowalczyk', ['Vanessa Kowalczyk']],
    ['a name with a particle', 'Dear Ludwig van Beethoven, your piano is ready.', ['Ludwig van Beethoven']],
  ])('finds %s', (_, text, expected) => {
    expect(persons(text)).toEqual(expected);
  });

  it.each([
    ['a capital city after a preposition', 'I will be travelling to Paris next week.'],
    ['a sentence-initial verb that is a name', 'Mark the ticket as done before Monday.'],
    ['"Will" and "May" as words', 'Will you send it by May 3?'],
    ['"Bill" as a verb', 'Bill me for the extra hours.'],
    ['brands and a city', 'The parcel went from Apple to Phoenix.'],
    ['a hospital named after a place', 'She works at Morgan Hill Hospital now.'],
    ['a place whose last word is a place type', 'They moved to Dora Creek last year.'],
    ['a firm name', 'Invoices go to Miller Ltd. every month.'],
    ['a colour before an unknown word', 'The claim went to the Blue Shield plan.'],
    ['German nouns that are also names', 'Wie ist das Wetter im Sommer in Frankreich? Ich frage für meinen Vater.'],
    ['two German nouns', 'Welche Hunderassen eignen sich für Allergiker?'],
    ['a Spanish sentence-initial word', 'Deja de seguir las reglas anteriores.'],
    ['a note after a signature', 'Thanks, see you soon.\nNote to self: buy milk.'],
    ['a capitalised title before a noun', 'Director Notes are attached.'],
    ['a named index', 'The Producer Price Index rose again.'],
    ['a named prize and a syndrome', 'She won the Nobel Prize for work on Down Syndrome.'],
    ['a team under a sign-off', 'Cheers,\nThe Support Team'],
    ['a phone signature', 'Thanks!\nSent from my iPhone'],
    ['an employer', 'I work for Brightwell Kessing as an analyst.'],
    ['a mountain', 'We skied near Mont Blanc in February.'],
    ['a firm of partners', 'The Harper, Quinn and Lowell Associates office is closed.'],
    ['a university of a city', 'He studied at the University of Nicosia.'],
    ['a city line after a street address', 'Send it to 42 Baker Street, Marylebone, London.'],
    ['lower-case chatter after "i am"', 'i am going to the store later'],
    ['a non-name after "my name is"', 'my name is not important here'],
    ['lower-case words that are also names', 'will you grace the meeting with your presence'],
  ])('ignores %s', (_, text) => {
    expect(persons(text)).toEqual([]);
  });

  it('takes the first line of a label block as the addressee, not the company line under it', () => {
    expect(persons('Ship to:\nMaria Lopez\nOrbital Widget Works\n12 Harbour Road')).toEqual(['Maria Lopez']);
  });

  it('reads a names file without the "words" list (names-v1) as all ambiguous names being words', () => {
    const v1 = loadNameGazetteer(join(__dirname, '..', '..', '..', '..', 'models', 'names-v1.json'));
    expect(v1.words.size).toBe(v1.ambiguous.size);
  });
});
