import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/domain/roster/csv.ts';
import { MAX_ROSTER_ROWS, parseRosterCsv, parseRosterJson, type RosterLicense, type RosterPerson } from '../../src/domain/roster/parse-roster.ts';

const HEADER = 'email,name,team,department,tool,tier,seat_cost_usd,assigned_on';
const csv = (...rows: string[]) => [HEADER, ...rows].join('\n');

const person = (email: string, rest: Partial<RosterPerson> = {}): RosterPerson => ({ email, name: null, team: null, department: null, ...rest });
const license = (email: string, tool: RosterLicense['tool'], tier: string, monthlyPriceUsd: number | null, validFrom = '2026-01-05'): RosterLicense => ({
  email,
  tool,
  tier,
  monthlyPriceUsd,
  validFrom,
});

describe('parseCsv (RFC 4180)', () => {
  it.each([
    ['plain LF', 'a,b\nc,d\n', [{ line: 1, fields: ['a', 'b'] }, { line: 2, fields: ['c', 'd'] }]],
    ['CRLF, no final newline', 'a,b\r\nc,d', [{ line: 1, fields: ['a', 'b'] }, { line: 2, fields: ['c', 'd'] }]],
    ['lone CR', 'a\rb', [{ line: 1, fields: ['a'] }, { line: 2, fields: ['b'] }]],
    ['quoted comma and doubled quote', '"x, y","say ""hi"""', [{ line: 1, fields: ['x, y', 'say "hi"'] }]],
    ['quoted line breaks move the line count', '"a\r\nb",c\nd', [{ line: 1, fields: ['a\r\nb', 'c'] }, { line: 3, fields: ['d'] }]],
    ['BOM dropped', '\uFEFFa,b', [{ line: 1, fields: ['a', 'b'] }]],
    ['blank and all-empty lines skipped, numbering kept', '\n\na\n  \n,,\nb', [{ line: 3, fields: ['a'] }, { line: 6, fields: ['b'] }]],
    ['empty fields and a trailing comma', 'a,,"",\n', [{ line: 1, fields: ['a', '', '', ''] }]],
    ['a quote inside an unquoted field is text', 'a"b,c', [{ line: 1, fields: ['a"b', 'c'] }]],
  ])('%s', (_name, input, expected) => {
    expect(parseCsv(input)).toEqual(expected);
  });

  it.each([
    ['text after a closing quote', '"a"b,c\nd', [{ line: 1, error: expect.stringMatching(/field 1 has text after its closing quote/) }, { line: 2, fields: ['d'] }]],
    ['an unclosed quote ends the input', 'a\n"b,c\nd', [{ line: 1, fields: ['a'] }, { line: 2, error: expect.stringMatching(/never closed/) }]],
  ])('reports %s', (_name, input, expected) => {
    expect(parseCsv(input)).toEqual(expected);
  });
});

describe('parseRosterCsv', () => {
  it('reads people and one license per row', () => {
    const roster = parseRosterCsv(
      csv(
        'Ann@Acme.com,Ann Lee,Web,Engineering,claude-code,max_5x,,2026-01-05',
        'ann@acme.com,,Platform,,cursor,business,40,2026-01-05',
        'bob@acme.com,"Bob, Jr.",,,,,,',
      ),
    );
    expect(roster.errors).toEqual([]);
    expect(roster.people).toEqual([person('ann@acme.com', { name: 'Ann Lee', team: 'Platform', department: 'Engineering' }), person('bob@acme.com', { name: 'Bob, Jr.' })]);
    expect(roster.licenses).toEqual([license('ann@acme.com', 'claude-code', 'max_5x', null), license('ann@acme.com', 'cursor', 'business', 40)]);
  });

  it('accepts the columns in any order, header case and spaces, CRLF, a BOM and surrounding spaces in values', () => {
    const roster = parseRosterCsv('\uFEFF Tool ,tier,email,assigned_on,seat_cost_usd,name,team,department\r\n Cursor , PRO , ann@acme.com ,2026-02-01, 20.5 ,,,\r\n');
    expect(roster).toEqual({ people: [person('ann@acme.com')], licenses: [license('ann@acme.com', 'cursor', 'pro', 20.5, '2026-02-01')], errors: [] });
  });

  it.each([
    ['a missing email', ',Ann,,,,,,', 'email is required'],
    ['a bad email', 'ann-at-acme,Ann,,,,,,', 'email "ann-at-acme" is not an email address'],
    ['an unknown tool', 'a@x.io,,,,copilot,pro,,2026-01-01', 'tool "copilot" is not one of claude-code, cursor, gemini-cli'],
    ['a tier of another tool', 'a@x.io,,,,cursor,max_5x,,2026-01-01', 'tier "max_5x" is not a cursor tier: use one of pro, business, enterprise, api'],
    ['a missing tier', 'a@x.io,,,,gemini-cli,,,2026-01-01', 'tier is required with a tool: use one of free, standard, enterprise, api'],
    ['a negative seat cost', 'a@x.io,,,,cursor,pro,-1,2026-01-01', 'seat_cost_usd "-1" must be a number of US dollars from 0 to 100000'],
    ['a seat cost with a currency sign', 'a@x.io,,,,cursor,pro,$20,2026-01-01', 'seat_cost_usd "$20" must be a number'],
    ['a seat cost over the cap', 'a@x.io,,,,cursor,pro,100000.01,2026-01-01', 'seat_cost_usd "100000.01" must be a number'],
    ['a missing assignment date', 'a@x.io,,,,cursor,pro,,', 'assigned_on is required with a tool'],
    ['a US date', 'a@x.io,,,,cursor,pro,,1/5/2026', 'assigned_on "1/5/2026" must be a date YYYY-MM-DD'],
    ['an impossible date', 'a@x.io,,,,cursor,pro,,2026-02-30', 'assigned_on "2026-02-30" must be a date'],
    ['a date before 2000', 'a@x.io,,,,cursor,pro,,1999-12-31', 'between 2000-01-01 and 2099-12-31'],
    ['a tier without a tool', 'a@x.io,,,,,pro,,2026-01-01', 'tool is empty but tier, assigned_on is given'],
    ['a name over 200 characters', `a@x.io,${'n'.repeat(201)},,,,,,`, 'name is longer than 200 characters'],
    ['a team with a NUL', 'a@x.io,,we\u0000b,,,,,', 'team must not contain a NUL character'],
    ['too few fields', 'a@x.io,Ann', 'has 2 fields but the header has 8'],
    ['an unquoted comma in a name', 'a@x.io,Lee, Ann,,,,,,', 'has 9 fields but the header has 8: quote a field that contains a comma'],
  ])('rejects %s', (_name, row, message) => {
    const roster = parseRosterCsv(csv('ok@x.io,,,,,,,', row));
    expect(roster.errors).toEqual([{ line: 3, message: expect.stringContaining(message) }]);
    expect(roster.people).toEqual([person('ok@x.io')]);
  });

  it('lists every problem of a row in one message', () => {
    const { errors } = parseRosterCsv(csv('nope,,,,cursor,gold,-3,2026-13-01'));
    expect(errors).toHaveLength(1);
    expect(errors[0]?.message.split('; ')).toHaveLength(4);
  });

  it('numbers lines as an editor does: header 1, blank lines counted, multi-line rows by their first line', () => {
    const roster = parseRosterCsv(csv('a@x.io,"Ann\nLee",,,,,,', '', 'bad,,,,,,,', 'b@x.io,,,,cursor,pro,,nope'));
    expect(roster.errors.map((e) => e.line)).toEqual([5, 6]);
    expect(roster.people.map((p) => p.email)).toEqual(['a@x.io']);
  });

  it('merges a person on several rows: the last non-empty name, team and department win', () => {
    const roster = parseRosterCsv(
      csv('a@x.io,Ann,Web,Eng,claude-code,pro,,2026-01-01', 'A@X.IO,Ann Lee,,,cursor,pro,,2026-01-01', 'a@x.io,,Mobile,,gemini-cli,standard,,2026-01-01'),
    );
    expect(roster.people).toEqual([person('a@x.io', { name: 'Ann Lee', team: 'Mobile', department: 'Eng' })]);
    expect(roster.licenses.map((l) => l.tool)).toEqual(['claude-code', 'cursor', 'gemini-cli']);
  });

  it('keeps one license for repeated identical rows and rejects a row that contradicts an earlier one', () => {
    const roster = parseRosterCsv(
      csv('a@x.io,,,,cursor,pro,20,2026-01-01', 'a@x.io,,,,cursor,pro,20.00,2026-01-01', 'a@x.io,,,,cursor,business,,2026-01-01', 'a@x.io,,,,cursor,business,,2026-03-01'),
    );
    expect(roster.licenses).toEqual([license('a@x.io', 'cursor', 'pro', 20, '2026-01-01'), license('a@x.io', 'cursor', 'business', null, '2026-03-01')]);
    expect(roster.errors).toEqual([{ line: 4, message: expect.stringContaining('conflicts with line 2') }]);
  });

  it('rounds seat costs to cents', () => {
    expect(parseRosterCsv(csv('a@x.io,,,,cursor,pro,19.999,2026-01-01')).licenses[0]?.monthlyPriceUsd).toBe(20);
  });

  it.each([
    ['an empty file', '', 1, 'The file is empty'],
    ['only a BOM and blank lines', '\uFEFF\n\n', 1, 'The file is empty'],
    ['a missing column', 'email,name,team,department,tool,tier,assigned_on\na@x.io,,,,,,', 1, 'missing seat_cost_usd'],
    ['an unknown column', `${HEADER},notes\n`, 1, 'unknown "notes"'],
    ['a repeated column', `${HEADER},email\n`, 1, 'repeated email'],
    ['a header after blank lines', `\n\nemail,name\n`, 3, 'missing team'],
  ])('rejects the whole file for %s', (_name, text, line, message) => {
    const roster = parseRosterCsv(text);
    expect(roster).toEqual({ people: [], licenses: [], errors: [{ line, message: expect.stringContaining(message) }] });
  });

  it(`rejects more than ${MAX_ROSTER_ROWS} rows with one error and imports nothing`, () => {
    const rows = Array.from({ length: MAX_ROSTER_ROWS + 1 }, (_, i) => `p${i}@x.io,,,,,,,`);
    const roster = parseRosterCsv(csv(...rows));
    expect(roster).toEqual({ people: [], licenses: [], errors: [{ line: MAX_ROSTER_ROWS + 2, message: expect.stringContaining('at most 50000 rows') }] });
    expect(parseRosterCsv(csv(...rows.slice(1))).people).toHaveLength(MAX_ROSTER_ROWS);
  });
});

describe('parseRosterJson', () => {
  it('accepts camelCase and snake_case keys, numbers for seat costs and nulls for empty values', () => {
    const roster = parseRosterJson([
      { email: 'Ann@Acme.com', name: 'Ann', team: null, tool: 'cursor', tier: 'business', seatCostUsd: 40, assignedOn: '2026-01-05' },
      { email: 'bob@acme.com', department: 'Sales', tool: 'claude-code', tier: 'pro', seat_cost_usd: '', assigned_on: '2026-01-05' },
      { email: 'cy@acme.com' },
    ]);
    expect(roster).toEqual({
      people: [person('ann@acme.com', { name: 'Ann' }), person('bob@acme.com', { department: 'Sales' }), person('cy@acme.com')],
      licenses: [license('ann@acme.com', 'cursor', 'business', 40), license('bob@acme.com', 'claude-code', 'pro', null)],
      errors: [],
    });
  });

  it.each([
    ['not an object', 'ann@acme.com', 'must be an object with the keys email, name, team, department, tool, tier, seatCostUsd, assignedOn'],
    ['an array', [], 'must be an object'],
    ['an unknown key', { email: 'a@x.io', seat: 3 }, 'unknown key "seat"'],
    ['both spellings', { email: 'a@x.io', seatCostUsd: 1, seat_cost_usd: 2 }, 'give seatCostUsd or seat_cost_usd, not both'],
    ['a number for a name', { email: 'a@x.io', name: 7 }, 'name must be a string'],
    ['a boolean seat cost', { email: 'a@x.io', seatCostUsd: true }, 'seatCostUsd must be a number'],
    ['a negative seat cost (named as sent)', { email: 'a@x.io', tool: 'cursor', tier: 'pro', seat_cost_usd: -5, assigned_on: '2026-01-01' }, 'seat_cost_usd "-5" must be'],
    ['a missing date (named in camelCase)', { email: 'a@x.io', tool: 'cursor', tier: 'pro' }, 'assignedOn is required with a tool'],
  ])('rejects %s with its index + 1 as the line', (_name, row, message) => {
    const roster = parseRosterJson([{ email: 'ok@x.io' }, row]);
    expect(roster.errors).toEqual([{ line: 2, message: expect.stringContaining(message) }]);
    expect(roster.people).toEqual([person('ok@x.io')]);
  });

  it('does not let a "__proto__" key through', () => {
    expect(parseRosterJson([JSON.parse('{"email":"a@x.io","__proto__":{"tool":"cursor"}}')]).errors[0]?.message).toContain('unknown key "__proto__"');
  });

  it(`rejects more than ${MAX_ROSTER_ROWS} rows with one error`, () => {
    const roster = parseRosterJson(Array.from({ length: MAX_ROSTER_ROWS + 1 }, () => ({ email: 'a@x.io' })));
    expect(roster).toEqual({ people: [], licenses: [], errors: [{ line: MAX_ROSTER_ROWS + 1, message: expect.stringContaining('at most 50000 rows') }] });
  });
});
