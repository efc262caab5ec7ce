import { canonicalJson, storableJson, storableText } from './canonical-json';

describe('canonicalJson', () => {
  it('writes the RFC 8785 example exactly', () => {
    const input = JSON.parse(
      '{"numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001], "string": "\\u20ac$\\u000F\\u000aA\'\\u0042\\u0022\\u005c\\\\\\"\\/", "literals": [null, true, false]}',
    );
    expect(canonicalJson(input)).toBe('{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}');
  });

  it('sorts member names by UTF-16 code units, as RFC 8785 prescribes', () => {
    const input = { '\u20ac': 'Euro Sign', '\r': 'Carriage Return', '\ufb33': 'Hebrew Letter Dalet With Dagesh', '1': 'One', '\ud83d\ude00': 'Emoji: Grinning Face', '\u0080': 'Control', '\u00f6': 'Latin Small Letter O With Diaeresis' };
    const order = ['Carriage Return', 'One', 'Control', 'Latin Small Letter O With Diaeresis', 'Euro Sign', 'Emoji: Grinning Face', 'Hebrew Letter Dalet With Dagesh'];
    const text = canonicalJson(input);
    const positions = order.map((v) => text.indexOf(v));
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
  });

  it('is independent of member order and nesting order', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: null } })).toBe(canonicalJson({ a: { c: null, d: [1, { x: 1, y: 2 }] }, b: 1 }));
    expect(canonicalJson({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: null } })).toBe('{"a":{"c":null,"d":[1,{"x":1,"y":2}]},"b":1}');
  });

  it('leaves out undefined members and writes undefined array elements as null, like JSON.stringify', () => {
    expect(canonicalJson({ a: undefined, b: [undefined, 1] })).toBe('{"b":[null,1]}');
  });

  it('writes -0 as 0 and refuses values JSON cannot hold', () => {
    expect(canonicalJson(-0)).toBe('0');
    expect(() => canonicalJson(Number.NaN)).toThrow(TypeError);
    expect(() => canonicalJson(Infinity)).toThrow(TypeError);
    expect(() => canonicalJson(new Date(0))).toThrow(/plain objects/);
    expect(() => canonicalJson(10n)).toThrow(TypeError);
  });
});

describe('storableJson', () => {
  it('replaces what Postgres jsonb refuses: U+0000 and unpaired surrogates, in values and names', () => {
    expect(storableText('a\u0000b')).toBe('a\uFFFDb');
    expect(storableText('x\ud800y\udc00')).toBe('x\uFFFDy\uFFFD');
    expect(storableText('\ud83d\ude00')).toBe('\ud83d\ude00');
    expect(storableJson({ 'k\u0000': ['\ud800', 1, Infinity, undefined, { n: null }] })).toEqual({ 'k\uFFFD': ['\uFFFD', 1, null, null, { n: null }] });
  });
});
