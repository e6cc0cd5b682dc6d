import { expect, it } from 'vitest';
import { csvCell, csvLine } from './csv';

it('quotes what needs quoting and defuses formulas', () => {
  expect(csvCell('plain')).toBe('plain');
  expect(csvCell('a,b')).toBe('"a,b"');
  expect(csvCell('say "hi"')).toBe('"say ""hi"""');
  expect(csvCell('two\nlines')).toBe('"two\nlines"');
  expect(csvCell('=HYPERLINK("http://evil")')).toBe(`"'=HYPERLINK(""http://evil"")"`);
  expect(csvCell('-1+1')).toBe("'-1+1");
  expect(csvCell('@sum')).toBe("'@sum");
  expect(csvCell(-12.5)).toBe('-12.5');
  expect(csvCell(null)).toBe('');
  expect(csvLine(['a', 1, null])).toBe('a,1,\r\n');
});
