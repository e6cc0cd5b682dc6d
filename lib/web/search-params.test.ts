import { describe, expect, it } from 'vitest';
import { firstValues } from './search-params';

describe('firstValues', () => {
  it('keeps one value per name: the first of a repeated one, a single one as it is', () => {
    expect(firstValues({ q: ['a', 'b'], stream: 'order-1', empty: [], none: undefined })).toEqual({
      q: 'a',
      stream: 'order-1',
      empty: undefined,
      none: undefined,
    });
  });
});
